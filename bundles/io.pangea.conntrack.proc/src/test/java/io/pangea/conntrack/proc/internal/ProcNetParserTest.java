package io.pangea.conntrack.proc.internal;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetParserTest {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    private static final String TAIL = " 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 20 4 30 10 -1";

    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void readsIpv4LittleEndianAndSkipsListen() throws Exception {
        List<ProcNetParser.Socket> sockets = ProcNetParser.parse("tcp", List.of(HEADER,
                "   0: 00000000:1F90 00000000:0000 0A" + TAIL,
                "   1: 0100007F:1F90 0100007F:D431 01" + TAIL,
                "   2: 0200000A:0016 0101A8C0:C350 08" + TAIL,
                "   3: 0200000A:0016 0101A8C0:C351 06" + TAIL));
        assertThat(sockets).containsExactly(
                new ProcNetParser.Socket("tcp", at("127.0.0.1", 8080), at("127.0.0.1", 54321)),
                new ProcNetParser.Socket("tcp", at("10.0.0.2", 22), at("192.168.1.1", 50000)));
    }

    @Test
    void readsIpv6AsFourHostOrderWords() throws Exception {
        List<ProcNetParser.Socket> sockets = ProcNetParser.parse("tcp6", List.of(HEADER,
                "   0: 00000000000000000000000001000000:1F90 B80D0120000000000000000001000000:01BB 01" + TAIL,
                "   1: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A" + TAIL));
        assertThat(sockets).containsExactly(
                new ProcNetParser.Socket("tcp", at("::1", 8080), at("2001:db8::1", 443)));
    }

    @Test
    void readsIpv4MappedIpv6AsIpv4() throws Exception {
        List<ProcNetParser.Socket> sockets = ProcNetParser.parse("tcp6", List.of(
                "   0: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000200000A:D431 01" + TAIL));
        assertThat(sockets).containsExactly(
                new ProcNetParser.Socket("tcp", at("127.0.0.1", 8080), at("10.0.0.2", 54321)));
        assertThat(sockets.get(0).remote().getAddress().getAddress()).hasSize(4);
    }

    @Test
    void keepsOnlyConnectedUdp() throws Exception {
        List<ProcNetParser.Socket> sockets = ProcNetParser.parse("udp", List.of(HEADER,
                "  10: 00000000:0035 00000000:0000 07" + TAIL,
                "  11: 0100007F:9C40 08080808:0035 01" + TAIL));
        assertThat(sockets).containsExactly(
                new ProcNetParser.Socket("udp", at("127.0.0.1", 40000), at("8.8.8.8", 53)));
        assertThat(ProcNetParser.parse("udp6", List.of(
                "   0: 00000000000000000000000000000000:0035 00000000000000000000000000000000:0000 07" + TAIL)))
                .isEmpty();
    }

    @Test
    void skipsMalformedLinesWithoutThrowing() throws Exception {
        List<ProcNetParser.Socket> sockets = ProcNetParser.parse("tcp", List.of(
                "",
                "garbage",
                "   0: 0100007F:1F90",
                "   1: ZZ00007F:1F90 0100007F:D431 01" + TAIL,
                "   2: 0100007F:1F9 0100007F:D431 01" + TAIL,
                "   3: 0100007F1F90 0100007F:D431 01" + TAIL,
                "   4: 0100007F:1F90 0100007F:D431 XY" + TAIL,
                "   5: 00007F:1F90 0100007F:D431 01" + TAIL,
                "   6: 0100007F:1F90 0100007F:D431 01" + TAIL));
        assertThat(sockets).containsExactly(
                new ProcNetParser.Socket("tcp", at("127.0.0.1", 8080), at("127.0.0.1", 54321)));
    }
}
