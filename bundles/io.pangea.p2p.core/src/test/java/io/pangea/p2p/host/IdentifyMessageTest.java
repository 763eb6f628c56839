package io.pangea.p2p.host;

import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifyMessageTest {
    private final NodeIdentity identity = NodeIdentity.generate();
    private final IdentifyMessage message = new IdentifyMessage(IdentifyMessage.PROTOCOL_VERSION, "pangea/test",
            Optional.of(identity.publicKey()), List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"),
            Multiaddr.parse("/ip6/::1/tcp/4001")), Optional.of(Multiaddr.parse("/ip4/192.0.2.7/tcp/5555")),
            List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), 0);

    @Test
    void roundTrips() {
        assertThat(IdentifyMessage.decode(message.encode())).isEqualTo(message);
    }

    @Test
    void skipsAddressesItCannotParseAndTheSignedPeerRecord() {
        byte[] encoded = new ProtoWriter()
                .writeBytes(2, Multiaddr.parse("/ip4/127.0.0.1/tcp/1").bytes())
                .writeBytes(2, new byte[] {(byte) 0x90, 0x03}) // /p2p-circuit: not a protocol this node parses
                .writeString(6, "js-libp2p/3")
                .writeBytes(8, new byte[300])
                .toByteArray();
        IdentifyMessage decoded = IdentifyMessage.decode(encoded);
        assertThat(decoded.listenAddrs()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/1"));
        assertThat(decoded.skippedAddresses()).isEqualTo(1);
        assertThat(decoded.agentVersion()).isEqualTo("js-libp2p/3");
        assertThat(decoded.publicKey()).isEmpty();
    }

    @Test
    void rejectsMalformedTruncatedAndOversizedMessages() {
        byte[] encoded = message.encode();
        assertThatThrownBy(() -> IdentifyMessage.decode(Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> IdentifyMessage.decode(new byte[IdentifyMessage.MAX_LENGTH + 1]))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> IdentifyMessage.decode(new ProtoWriter().writeBytes(1, new byte[] {8, 9})
                .toByteArray())).isInstanceOf(WireFormatException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> IdentifyMessage.decode(new ProtoWriter().writeVarint(3, 1).toByteArray()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("wire type");
        assertThatThrownBy(() -> IdentifyMessage.decode(new byte[] {0x32, (byte) 0x80, (byte) 0x80, 0x40}))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> IdentifyMessage.decode(new ProtoWriter().writeBytes(6, new byte[] {(byte) 0xC3})
                .toByteArray())).isInstanceOf(WireFormatException.class);
    }

    @Test
    void boundsCounts() {
        ProtoWriter many = new ProtoWriter();
        for (int i = 0; i <= IdentifyMessage.MAX_PROTOCOLS; i++) {
            many.writeString(3, "/p/" + i);
        }
        assertThatThrownBy(() -> IdentifyMessage.decode(many.toByteArray()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("more than 256 protocols");
        ProtoWriter addresses = new ProtoWriter();
        for (int i = 0; i <= IdentifyMessage.MAX_ADDRESSES; i++) {
            addresses.writeBytes(2, Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (i + 1)).bytes());
        }
        assertThatThrownBy(() -> IdentifyMessage.decode(addresses.toByteArray()))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("more than 128 listen addresses");
        assertThatThrownBy(() -> IdentifyMessage.decode(new ProtoWriter().writeString(6, "x".repeat(2000))
                .toByteArray())).isInstanceOf(WireFormatException.class).hasMessageContaining("longer than 1024");
    }
}
