package io.pangea.p2p;

import io.pangea.p2p.wire.Allocations;
import io.pangea.p2p.wire.Varint;
import io.pangea.p2p.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiaddrTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String ED_PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    /**
     * The first two rows are the multiaddr specification's examples (README and test/multiaddr.feature); the rest
     * are assembled from the protocol table.
     */
    @ParameterizedTest
    @CsvSource({
            "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
            "/ip4/192.0.2.42/tcp/443, 04c000022a0601bb",
            "/ip6/::1/tcp/4001, 2900000000000000000000000000000001060fa1",
            "/ip4/1.2.3.4/udp/4001/quic-v1, 040102030491020fa1cd03",
            "/ip4/1.2.3.4/udp/4001/quic, 040102030491020fa1cc03",
            "/dns4/example.com/tcp/443/wss, 360b6578616d706c652e636f6d0601bbde03",
            "/dns6/example.com/tcp/443/tls/ws, 370b6578616d706c652e636f6d0601bbc003dd03",
            "/dns/a.b/udp/1, 3503612e6291020001",
            "/dnsaddr/bootstrap.libp2p.io, 3813626f6f7473747261702e6c69627032702e696f",
            "/ip4/0.0.0.0/tcp/0, 0400000000060000",
            "/ip4/255.255.255.255/tcp/65535, 04ffffffff06ffff",
    })
    void textAndBinaryVectors(String text, String hex) {
        Multiaddr fromText = Multiaddr.parse(text);
        assertThat(HEX.formatHex(fromText.bytes())).isEqualTo(hex);
        Multiaddr fromBytes = Multiaddr.decode(HEX.parseHex(hex));
        assertThat(fromBytes.toString()).isEqualTo(text);
        assertThat(fromBytes).isEqualTo(fromText).hasSameHashCodeAs(fromText);
    }

    @Test
    void p2pComponentCarriesThePeerIdBytes() {
        PeerId peer = PeerId.parse(ED_PEER);
        Multiaddr address = Multiaddr.parse("/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + ED_PEER);
        byte[] id = peer.bytes();
        String expected = "04c000020191020fa1cd03" + "a503" + HEX.formatHex(Varint.encode(id.length)) + HEX.formatHex(id);
        assertThat(HEX.formatHex(address.bytes())).isEqualTo(expected);
        assertThat(address.peerId()).contains(peer);
        assertThat(address.isQuic()).isTrue();
        assertThat(address.isTcp()).isFalse();
        // /ipfs is an alias, and the CID form of a peer id is accepted; both are written canonically.
        assertThat(Multiaddr.parse("/ip4/192.0.2.1/udp/4001/quic-v1/ipfs/" + peer.toCidString())).isEqualTo(address);
        assertThat(address.toString()).isEqualTo("/ip4/192.0.2.1/udp/4001/quic-v1/p2p/" + ED_PEER);
    }

    @ParameterizedTest
    @CsvSource({
            "::, ::",
            "::1, ::1",
            "1::, 1::",
            "2001:DB8::1, 2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "fe80::1:2:3:4:5:6, fe80:0:1:2:3:4:5:6",
            "::ffff:192.0.2.1, ::ffff:192.0.2.1",
            "::ffff:c000:0201, ::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    })
    void ipv6TextIsWrittenCanonically(String input, String canonical) {
        Multiaddr address = Multiaddr.parse("/ip6/" + input);
        assertThat(address.toString()).isEqualTo("/ip6/" + canonical);
        assertThat(Multiaddr.parse(address.toString())).isEqualTo(address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                          | must start with '/'",
            "ip4/1.2.3.4                 | must start with '/'",
            "/                           | no components",
            "/ip4                        | component /ip4 is missing its value",
            "/ip4/                       | component /ip4 is missing its value",
            "/ip4/1.2.3.256              | component /ip4/1.2.3.256: IPv4 octet \"256\" is out of range",
            "/ip4/1.2.3                  | component /ip4/1.2.3:",
            "/ip4/01.2.3.4               | leading zero",
            "/ip4/1.2.3.4.5              | component /ip4/1.2.3.4.5",
            "/ip4/1.2.3.4/tcp/65536      | component /tcp/65536: port 65536 is out of range",
            "/ip4/1.2.3.4/tcp/080        | component /tcp/080",
            "/ip4/1.2.3.4/tcp/-1         | component /tcp/-1",
            "/ip4/1.2.3.4/tcp/http       | component /tcp/http",
            "/ip4/1.2.3.4/tcp/80/foo     | unknown protocol /foo",
            "/ip4/1.2.3.4//tcp/80        | empty protocol name",
            "/ip6/1:2:3:4:5:6:7:8:9      | component /ip6/1:2:3:4:5:6:7:8:9",
            "/ip6/1::2::3                | more than one \"::\"",
            "/ip6/12345::                | component /ip6/12345::",
            "/ip6/::g                    | component /ip6/::g",
            "/ip6/1.2.3.4::              | component /ip6/1.2.3.4::",
            "/ip6/:1:2:3:4:5:6:7         | component /ip6/:1:2:3:4:5:6:7",
            "/ip6/fe80::1%eth0           | component /ip6/fe80::1%eth0",
            "/p2p/QmNotAPeer             | component /p2p/QmNotAPeer",
            "/p2p/bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e | libp2p-key",
            "/udp/1/quic-v1/x            | unknown protocol /x",
    })
    void textErrorsNameTheOffendingComponent(String text, String message) {
        assertThatThrownBy(() -> Multiaddr.parse(text)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void trailingSlashIsTolerated() {
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/80/").toString()).isEqualTo("/ip4/1.2.3.4/tcp/80");
    }

    @Test
    void binaryErrorsNameTheOffendingComponent() {
        assertDecodeFails("", "no components");
        assertDecodeFails("04c00002", "component #1 (/ip4): truncated value, 3 of 4 bytes");
        assertDecodeFails("04c000022a06", "component #2 (/tcp): truncated value, 0 of 2 bytes");
        assertDecodeFails("04c000022a9901", "component #2: unknown protocol code 153 (0x99)");
        assertDecodeFails("04c000022a80", "component #2: protocol code: truncated");
        assertDecodeFails("04c000022a8000", "component #2: protocol code: varint is not minimally");
        assertDecodeFails("360b6578616d706c65", "component #1 (/dns4): value length 11 exceeds the limit of 7");
        assertDecodeFails("3600", "component #1 (/dns4): empty DNS name");
        assertDecodeFails("36022f61", "component #1 (/dns4): DNS name contains '/'");
        assertDecodeFails("3602c328", "component #1 (/dns4): DNS name: invalid UTF-8");
        assertDecodeFails("a503050004010203", "component #1 (/p2p): multihash truncated");
        assertDecodeFails("a50303110101", "component #1 (/p2p): a peer id is an identity or sha2-256 multihash");
    }

    @Test
    void lengthClaiming2Pow31AllocatesNothing() {
        byte[] claim = HEX.parseHex("a503" + "8080808008" + "00".repeat(40));
        long allocated = Allocations.measure(() -> assertDecodeFails(HEX.formatHex(claim),
                "value length 2147483648 exceeds the limit of 40"));
        assertThat(allocated).isLessThan(1 << 20);
        assertDecodeFails("a503ffffffffffffffff7f", "value length");
    }

    @Test
    void oversizedInputIsRejectedUnread() {
        assertThatThrownBy(() -> Multiaddr.decode(new byte[Multiaddr.MAX_ENCODED_LENGTH + 1]))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> Multiaddr.parse("/" + "x".repeat(Multiaddr.MAX_TEXT_LENGTH)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds the limit");
        assertThatThrownBy(() -> Multiaddr.parse("/dns4/" + "a".repeat(256)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds 255");
    }

    @Test
    void randomAddressesRoundTripThroughTextAndBinary() {
        Random random = new Random(421);
        for (int i = 0; i < 3_000; i++) {
            Multiaddr address = randomAddress(random);
            Multiaddr viaBytes = Multiaddr.decode(address.bytes());
            Multiaddr viaText = Multiaddr.parse(address.toString());
            assertThat(viaBytes).isEqualTo(address);
            assertThat(viaText).isEqualTo(address);
            assertThat(viaText.toString()).isEqualTo(address.toString());
            assertThat(viaBytes.components()).isEqualTo(address.components());
        }
    }

    @Test
    void randomGarbageOnlyEverThrowsWireFormatException() {
        Random random = new Random(460);
        for (int i = 0; i < 50_000; i++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            if (garbage.length > 0 && random.nextBoolean()) {
                garbage[0] = (byte) new int[] {4, 6, 41, 0x36, 0x37}[random.nextInt(5)];
            }
            try {
                Multiaddr.decode(garbage);
            } catch (WireFormatException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void withPeerAndWithoutPeer() {
        PeerId peer = PeerId.parse(ED_PEER);
        PeerId other = NodeIdentity.generate().peerId();
        Multiaddr address = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
        Multiaddr withPeer = address.withPeer(peer);
        assertThat(withPeer.toString()).isEqualTo("/ip4/10.0.0.1/tcp/4001/p2p/" + ED_PEER);
        assertThat(withPeer.withPeer(peer)).isSameAs(withPeer);
        assertThatThrownBy(() -> withPeer.withPeer(other)).isInstanceOf(IllegalArgumentException.class);
        assertThat(withPeer.withoutPeer()).isEqualTo(address);
        assertThat(address.withoutPeer()).isSameAs(address);
        assertThat(address.peerId()).isEmpty();
        assertThat(withPeer.isTcp()).isTrue();
        assertThat(Multiaddr.parse("/p2p/" + ED_PEER).withoutPeer().toString()).isEqualTo("/p2p/" + ED_PEER);
        Multiaddr circuit = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001/p2p/" + other + "/p2p-circuit/p2p/" + ED_PEER);
        assertThat(circuit.peerId()).contains(peer);
        assertThat(circuit.isTcp()).isFalse();
    }

    @Test
    void socketAddresses() throws Exception {
        assertThat(Multiaddr.parse("/ip4/192.0.2.7/tcp/4001").socketAddress())
                .contains(new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 7}), 4001));
        InetSocketAddress v6 = Multiaddr.parse("/ip6/2001:db8::1/udp/4001/quic-v1").socketAddress().orElseThrow();
        assertThat(v6.getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(v6.getPort()).isEqualTo(4001);
        InetSocketAddress dns = Multiaddr.parse("/dns4/example.com/tcp/443").socketAddress().orElseThrow();
        assertThat(dns.isUnresolved()).isTrue();
        assertThat(dns.getHostString()).isEqualTo("example.com");
        assertThat(Multiaddr.parse("/dnsaddr/example.com").socketAddress()).isEmpty();
        assertThat(Multiaddr.parse("/ip4/1.2.3.4").socketAddress()).isEmpty();
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/p2p-circuit").socketAddress()).isEmpty();
    }

    @Test
    void transportPredicates() {
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").isTcp()).isTrue();
        assertThat(Multiaddr.parse("/dns6/h/tcp/1").isTcp()).isTrue();
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/tcp/1/ws").isTcp()).isFalse();
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/udp/1").isQuic()).isFalse();
        assertThat(Multiaddr.parse("/ip4/1.2.3.4/udp/1/quic").isQuic()).as("draft-29 QUIC").isFalse();
        assertThat(Multiaddr.parse("/ip6/::1/udp/1/quic-v1").isQuic()).isTrue();
        assertThat(Multiaddr.parse("/ip6/::1/udp/1/quic-v1/p2p/" + ED_PEER).isQuic()).isTrue();
        assertThat(Multiaddr.parse("/ip6/::1/udp/1/quic-v1/webtransport".replace("/webtransport", "/ws")).isQuic())
                .isFalse();
        assertThat(Multiaddr.parse("/dnsaddr/x/tcp/1").isTcp()).isFalse();
    }

    @Test
    void buildsFromSocketAddresses() throws Exception {
        InetAddress v4 = InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
        assertThat(Multiaddr.tcp(v4, 4001).toString()).isEqualTo("/ip4/10.0.0.2/tcp/4001");
        InetAddress v6 = InetAddress.getByAddress(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 1});
        assertThat(Multiaddr.quic(v6, 4001).toString()).isEqualTo("/ip6/2001:db8::1/udp/4001/quic-v1");
        assertThatThrownBy(() -> Multiaddr.tcp(v4, 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertDecodeFails(String hex, String message) {
        assertThatThrownBy(() -> Multiaddr.decode(HEX.parseHex(hex))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining(message);
    }

    private static Multiaddr randomAddress(Random random) {
        List<Multiaddr.Component> components = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        MultiaddrProtocol[] all = MultiaddrProtocol.values();
        for (int i = 0; i < count; i++) {
            MultiaddrProtocol protocol = all[random.nextInt(all.length)];
            byte[] value = switch (protocol) {
                case IP4 -> bytes(random, 4);
                case IP6 -> random.nextInt(4) == 0 ? sparseIpv6(random) : bytes(random, 16);
                case TCP, UDP -> bytes(random, 2);
                case DNS, DNS4, DNS6, DNSADDR -> dnsName(random);
                case P2P -> random.nextBoolean()
                        ? IdentityKey.ed25519(bytes(random, 32)).peerId().bytes()
                        : Multihash.sha256(bytes(random, 8)).bytes();
                default -> new byte[0];
            };
            components.add(Multiaddr.Component.of(protocol, value));
        }
        return Multiaddr.of(components);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] sparseIpv6(Random random) {
        byte[] b = new byte[16];
        for (int g = 0; g < 8; g++) {
            if (random.nextInt(3) == 0) {
                b[2 * g] = (byte) random.nextInt(256);
                b[2 * g + 1] = (byte) random.nextInt(256);
            }
        }
        if (random.nextInt(8) == 0) {
            java.util.Arrays.fill(b, 0, 10, (byte) 0);
            b[10] = (byte) 0xFF;
            b[11] = (byte) 0xFF;
        }
        return b;
    }

    private static byte[] dnsName(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-.é中";
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
