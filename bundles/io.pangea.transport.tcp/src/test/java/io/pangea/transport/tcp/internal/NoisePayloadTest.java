package io.pangea.transport.tcp.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoisePayloadTest {
    private final NodeIdentity identity = NodeIdentity.generate();
    private final byte[] staticKey = X25519.generate(new SecureRandom()).publicKey();

    @Test
    void verifiesTheIdentityThatSignedTheStaticKey() {
        byte[] payload = NoisePayload.create(identity, staticKey);
        IdentityKey key = NoisePayload.verify(payload, staticKey, Optional.of(identity.peerId()));
        assertThat(key).isEqualTo(identity.publicKey());
        assertThat(NoisePayload.verify(payload, staticKey, Optional.empty())).isEqualTo(identity.publicKey());
    }

    @Test
    void rejectsASignatureOverAnotherStaticKey() {
        byte[] payload = NoisePayload.create(identity, staticKey);
        byte[] otherKey = X25519.generate(new SecureRandom()).publicKey();
        assertThatThrownBy(() -> NoisePayload.verify(payload, otherKey, Optional.empty()))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("does not sign");
    }

    @Test
    void rejectsAPeerOtherThanTheDialledOne() {
        byte[] payload = NoisePayload.create(identity, staticKey);
        NodeIdentity dialled = NodeIdentity.generate();
        assertThatThrownBy(() -> NoisePayload.verify(payload, staticKey, Optional.of(dialled.peerId())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("dialled peer " + dialled.peerId());
    }

    @Test
    void skipsExtensions() {
        byte[] signature = identity.sign(NoiseCipherState.concat(NoisePayload.SIGNATURE_PREFIX, staticKey));
        byte[] payload = new ProtoWriter().writeBytes(1, identity.publicKey().encode()).writeBytes(2, signature)
                .writeMessage(4, new ProtoWriter().writeString(2, "/yamux/1.0.0")).toByteArray();
        assertThat(NoisePayload.verify(payload, staticKey, Optional.empty())).isEqualTo(identity.publicKey());
    }

    @Test
    void rejectsMalformedTruncatedAndOversizedPayloads() {
        byte[] payload = NoisePayload.create(identity, staticKey);
        assertThatThrownBy(() -> NoisePayload.verify(new byte[0], staticKey, Optional.empty()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("no identity_key");
        byte[] keyOnly = new ProtoWriter().writeBytes(1, identity.publicKey().encode()).toByteArray();
        assertThatThrownBy(() -> NoisePayload.verify(keyOnly, staticKey, Optional.empty()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("no identity_sig");
        byte[] truncated = java.util.Arrays.copyOf(payload, payload.length - 10);
        assertThatThrownBy(() -> NoisePayload.verify(truncated, staticKey, Optional.empty()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
        // A length field claiming 2^31 bytes: rejected from the bytes present, nothing allocated.
        byte[] huge = {0x0a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 1, 2, 3};
        assertThatThrownBy(() -> NoisePayload.verify(huge, staticKey, Optional.empty()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
        byte[] bigKey = new ProtoWriter().writeBytes(1, new byte[IdentityKey.MAX_ENCODED_LENGTH + 1])
                .writeBytes(2, new byte[64]).toByteArray();
        assertThatThrownBy(() -> NoisePayload.verify(bigKey, staticKey, Optional.empty()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("limit");
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> NoisePayload.verify(garbage, staticKey, Optional.empty()))
                .isInstanceOf(WireFormatException.class);
    }
}
