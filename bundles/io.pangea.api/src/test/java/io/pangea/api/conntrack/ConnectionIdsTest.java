package io.pangea.api.conntrack;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionIdsTest {
    private static InetSocketAddress at(String host, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Test
    void isTheSameInBothDirections() throws Exception {
        InetSocketAddress a = at("10.0.0.2", 22);
        InetSocketAddress b = at("192.168.1.1", 50000);
        assertThat(ConnectionIds.id("tcp", a, b)).isEqualTo(ConnectionIds.id("tcp", b, a));
        InetSocketAddress c = at("2001:db8::1", 443);
        InetSocketAddress d = at("::1", 8080);
        assertThat(ConnectionIds.id("udp", c, d)).isEqualTo(ConnectionIds.id("udp", d, c));
    }

    @Test
    void differsForDifferentTuples() throws Exception {
        InetSocketAddress a = at("10.0.0.2", 22);
        InetSocketAddress b = at("192.168.1.1", 50000);
        List<Long> ids = List.of(
                ConnectionIds.id("tcp", a, b),
                ConnectionIds.id("udp", a, b),
                ConnectionIds.id("tcp", a, at("192.168.1.1", 50001)),
                ConnectionIds.id("tcp", at("10.0.0.3", 22), b),
                ConnectionIds.id("tcp", at("10.0.0.2", 50000), at("192.168.1.1", 22)),
                ConnectionIds.id("tcp", at("::ffff:10.0.0.3", 22), at("2001:db8::1", 50000)));
        Set<Long> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSameSizeAs(ids);
    }

    @Test
    void mapsIpv4IntoIpv6() throws Exception {
        InetSocketAddress v4 = at("127.0.0.1", 8080);
        InetSocketAddress other = at("127.0.0.1", 54321);
        assertThat(ConnectionIds.endpoint(v4)).hasSize(18);
        assertThat(ConnectionIds.id("tcp", v4, other))
                .isEqualTo(ConnectionIds.id("tcp", other, v4));
    }

    @Test
    void anEndpointIsAMappedAddressAndABigEndianPort() throws Exception {
        assertThat(ConnectionIds.endpoint(at("192.0.2.1", 0x1f40)))
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1, 0x1f, 0x40);
    }
}
