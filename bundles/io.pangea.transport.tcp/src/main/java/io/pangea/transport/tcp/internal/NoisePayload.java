package io.pangea.transport.tcp.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.KeyType;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.wire.ProtoReader;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The libp2p Noise handshake payload, the {@code NoiseHandshakePayload} protobuf that binds the Noise static key to
 * the peer's identity key:
 *
 * <pre>
 *   optional bytes identity_key = 1;       // a libp2p PublicKey protobuf
 *   optional bytes identity_sig = 2;       // sign("noise-libp2p-static-key:" || noise static public key)
 *   optional NoiseExtensions extensions = 4;
 * </pre>
 *
 * The extensions (WebTransport certificate hashes, early muxer negotiation) are not used on TCP and are skipped.
 */
final class NoisePayload {
    static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SIGNATURE_LENGTH = 1024;

    private NoisePayload() {
    }

    /** Our payload for the Noise static key {@code staticPublicKey}. */
    static byte[] create(NodeIdentity identity, byte[] staticPublicKey) {
        byte[] signature = identity.sign(NoiseCipherState.concat(SIGNATURE_PREFIX, staticPublicKey));
        return new ProtoWriter()
                .writeBytes(1, identity.publicKey().encode())
                .writeBytes(2, signature)
                .toByteArray();
    }

    /**
     * Decodes the peer's payload and checks that its identity key signed {@code remoteStaticKey}, and that it is
     * {@code expected} when one was dialled.
     *
     * @return the peer's proven identity key
     * @throws WireFormatException          if the payload is malformed
     * @throws AuthenticationFailedException if the signature does not verify or the peer is not the expected one
     */
    static IdentityKey verify(byte[] payload, byte[] remoteStaticKey, Optional<PeerId> expected) {
        byte[] keyBytes = null;
        byte[] signature = null;
        ProtoReader reader = new ProtoReader(payload);
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> keyBytes = reader.readBytes(IdentityKey.MAX_ENCODED_LENGTH);
                case 2 -> signature = reader.readBytes(MAX_SIGNATURE_LENGTH);
                default -> {
                    // extensions (4) and anything newer: skipped by next()
                }
            }
        }
        if (keyBytes == null) {
            throw new WireFormatException("Noise handshake payload has no identity_key");
        }
        if (signature == null) {
            throw new WireFormatException("Noise handshake payload has no identity_sig");
        }
        IdentityKey key = IdentityKey.decode(keyBytes);
        if (key.type() != KeyType.ED25519) {
            throw new AuthenticationFailedException("peer " + key.peerId() + " uses a " + key.type()
                    + " identity key; only Ed25519 signatures are verified");
        }
        if (!key.verify(NoiseCipherState.concat(SIGNATURE_PREFIX, remoteStaticKey), signature)) {
            throw new AuthenticationFailedException("peer " + key.peerId()
                    + " sent an identity signature that does not sign its Noise static key");
        }
        PeerId peer = key.peerId();
        if (expected.isPresent() && !expected.get().equals(peer)) {
            throw new AuthenticationFailedException("dialled peer " + expected.get() + " but the remote proved "
                    + "to be " + peer);
        }
        return key;
    }
}
