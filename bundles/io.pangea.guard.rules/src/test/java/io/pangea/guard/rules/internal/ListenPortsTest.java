package io.pangea.guard.rules.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListenPortsTest {

    @Test
    void tcpAndUdpPortsOfBothFamilies() {
        assertThat(ListenPorts.of(List.of(
                "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWExample",
                "/ip6/::1/tcp/4001",
                "/ip4/127.0.0.1/udp/4002/quic-v1/p2p/12D3KooWExample",
                "/dns4/node.example/tcp/4003")))
                .containsExactly(4001, 4002, 4003);
    }

    @Test
    void relayedUnboundAndMalformedAddressesBringNoPort() {
        assertThat(ListenPorts.of(Arrays.asList(
                "/ip4/203.0.113.9/tcp/4001/p2p/QmRelay/p2p-circuit/p2p/QmSelf",
                "/ip4/0.0.0.0/tcp/0",
                "/ip4/127.0.0.1/tcp/70000",
                "/ip4/127.0.0.1/tcp/http",
                "/ip4/127.0.0.1/tcp",
                "",
                null)))
                .isEmpty();
        assertThat(ListenPorts.of(null)).isEmpty();
    }
}
