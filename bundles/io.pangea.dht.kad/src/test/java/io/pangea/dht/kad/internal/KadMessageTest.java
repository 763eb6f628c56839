package io.pangea.dht.kad.internal;

import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.Multihash;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KadMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final PeerId PEER = PeerId.of(Multihash.sha256(new byte[] {1, 2, 3}));
    private static final byte[] ADDR = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").bytes();

    @Test
    void findNodeRequestMatchesHandMadeBytes() {
        KadMessage m = KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {1, 2});
        assertThat(HEX.formatHex(m.encode())).isEqualTo("0804" + "12020102");
        assertThat(KadMessage.decode(HEX.parseHex("080412020102"))).isEqualTo(m);
    }

    @Test
    void absentTypeIsPutValueAndEmptyMessageDecodes() {
        KadMessage m = KadMessage.decode(new byte[0]);
        assertThat(m.type()).isEqualTo(KadMessage.Type.PUT_VALUE);
        assertThat(m.key()).isEmpty();
        assertThat(m.record()).isNull();
    }

    @Test
    void decodesHandMadeResponseWithPeerAndRecord() {
        assertThat(ADDR).hasSize(8);
        String peer = "0a22" + HEX.formatHex(PEER.bytes()) + "1208" + HEX.formatHex(ADDR) + "1801";
        String bytes = "0801" + "1a09" + "0a0161" + "120162" + "2a0174"
                + "42" + String.format("%02x", peer.length() / 2) + peer
                + "5801"; // unknown field 11, skipped
        KadMessage m = KadMessage.decode(HEX.parseHex(bytes));
        assertThat(m.type()).isEqualTo(KadMessage.Type.GET_VALUE);
        assertThat(m.record()).isEqualTo(new KadMessage.Record("a".getBytes(), "b".getBytes(), "t"));
        assertThat(m.closerPeers()).hasSize(1);
        KadMessage.Peer p = m.closerPeers().get(0);
        assertThat(p.id()).isEqualTo(PEER);
        assertThat(p.connection()).isEqualTo(KadMessage.Connection.CONNECTED);
        assertThat(p.multiaddrs()).containsExactly(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
        assertThat(m.providerPeers()).isEmpty();
    }

    @Test
    void roundTripsEveryField() {
        KadMessage.Peer p1 = new KadMessage.Peer(PEER, List.of(ADDR, new byte[] {(byte) 0xff, 1}),
                KadMessage.Connection.CANNOT_CONNECT);
        KadMessage.Peer p2 = new KadMessage.Peer(PeerId.of(Multihash.sha256(new byte[] {9})), List.of(),
                KadMessage.Connection.NOT_CONNECTED);
        for (KadMessage.Type type : KadMessage.Type.values()) {
            KadMessage m = new KadMessage(type, "key".getBytes(),
                    new KadMessage.Record("k".getBytes(), new byte[1000], "2025-01-01T00:00:00Z"),
                    List.of(p1, p2), List.of(p2), 3);
            KadMessage back = KadMessage.decode(m.encode());
            assertThat(back).isEqualTo(m);
            assertThat(back.type()).isEqualTo(type);
            assertThat(back.clusterLevel()).isEqualTo(3);
            assertThat(back.closerPeers().get(0).addrs().get(1)).containsExactly(0xff, 1);
            // an address this node cannot parse is kept raw but not offered as a Multiaddr
            assertThat(back.closerPeers().get(0).multiaddrs()).hasSize(1);
        }
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : List.of(
                "120501",            // length beyond the end
                "0806",              // unknown message type
                "08010802",          // type twice
                "4200",              // peer without id
                "42030a01ff",        // peer id that is no multihash
                "0b",                // group wire type
                "088400",            // non-minimal varint
                "1a032a01ff",        // timeReceived not UTF-8
                "42041803",          // connection without id
                "420218",            // truncated varint inside a peer
                "4202" + "1804",     // unknown connection type (and no id)
                "0a")) {             // field 1 with the wrong wire type, truncated
            assertThatThrownBy(() -> KadMessage.decode(HEX.parseHex(bad)))
                    .as(bad).isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void rejectsOversizedFields() {
        byte[] longKey = new KadMessage(KadMessage.Type.GET_VALUE, new byte[KadMessage.MAX_KEY_BYTES + 1], null,
                List.of(), List.of(), 0).encode();
        assertThatThrownBy(() -> KadMessage.decode(longKey)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("limit");
        byte[] bigValue = KadMessage.request(KadMessage.Type.PUT_VALUE, new byte[] {1})
                .withRecord(new KadMessage.Record(new byte[] {1}, new byte[KadMessage.MAX_VALUE_BYTES + 1], ""))
                .encode();
        assertThatThrownBy(() -> KadMessage.decode(bigValue)).isInstanceOf(WireFormatException.class);
        KadMessage.Peer p = new KadMessage.Peer(PEER, List.of(), KadMessage.Connection.NOT_CONNECTED);
        byte[] manyPeers = KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {1})
                .withCloserPeers(java.util.Collections.nCopies(KadMessage.MAX_PEERS + 1, p)).encode();
        assertThatThrownBy(() -> KadMessage.decode(manyPeers)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("peers");
        byte[] manyAddrs = KadMessage.request(KadMessage.Type.FIND_NODE, new byte[] {1})
                .withCloserPeers(List.of(new KadMessage.Peer(PEER,
                        java.util.Collections.nCopies(KadMessage.MAX_ADDRS_PER_PEER + 1, ADDR),
                        KadMessage.Connection.NOT_CONNECTED))).encode();
        assertThatThrownBy(() -> KadMessage.decode(manyAddrs)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> KadMessage.decode(new byte[KadMessage.MAX_MESSAGE_BYTES + 1]))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void everyTruncationOfAValidMessageFailsCleanly() {
        KadMessage m = KadMessage.request(KadMessage.Type.GET_PROVIDERS, "key".getBytes())
                .withProviderPeers(List.of(new KadMessage.Peer(PEER, List.of(ADDR),
                        KadMessage.Connection.CONNECTED)));
        byte[] full = m.encode();
        for (int n = 1; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            try {
                KadMessage.decode(cut);
            } catch (WireFormatException expected) {
                continue;
            }
            // a cut exactly at a field boundary is a valid shorter message
            assertThat(cut.length).isIn(2, 7);
        }
    }
}
