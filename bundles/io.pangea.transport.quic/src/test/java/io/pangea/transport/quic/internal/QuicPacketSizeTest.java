package io.pangea.transport.quic.internal;

import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.pangea.api.transport.PeerStream;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static io.pangea.transport.quic.internal.Nodes.await;
import static io.pangea.transport.quic.internal.Nodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packet sizes follow the path: to and from loopback addresses (IPv4 and IPv6) QUIC packets take loopback's 64 KiB
 * MTU ({@link QuicSettings#LOOPBACK_UDP_PAYLOAD}) in both directions; with loopback sizing turned off they stay at
 * the Ethernet-safe size. Judged from quiche's own counters of what it sent, after a 4 MiB echo came back intact.
 */
class QuicPacketSizeTest {
    private static final int BYTES = 4 << 20;

    @Test
    void loopbackConnectionsOverIpv4UseLoopbackSizedPacketsBothWays() throws Exception {
        assertPacketsUpTo(QuicSettings.defaults(), "/ip4/127.0.0.1/udp/0/quic-v1", QuicSettings.LOOPBACK_UDP_PAYLOAD);
    }

    @Test
    void loopbackConnectionsOverIpv6UseLoopbackSizedPacketsBothWays() throws Exception {
        assertPacketsUpTo(QuicSettings.defaults(), "/ip6/::1/udp/0/quic-v1", QuicSettings.LOOPBACK_UDP_PAYLOAD);
    }

    @Test
    void withLoopbackSizingOffPacketsStayEthernetSized() throws Exception {
        assertPacketsUpTo(QuicSettings.defaults().withLoopbackUdpPayload(QuicSettings.UDP_PAYLOAD),
                "/ip4/127.0.0.1/udp/0/quic-v1", QuicSettings.UDP_PAYLOAD);
    }

    private static void assertPacketsUpTo(QuicSettings settings, String listen, int payload) throws Exception {
        try (Nodes.Node a = Nodes.start("a", settings, listen); Nodes.Node b = Nodes.start("b", settings, listen)) {
            b.registry().register(QuicStreamsTest.ECHO, QuicStreamsTest.ECHO_HANDLER);
            QuicConnection dialed = await(a.host().dial(b.dialable()));
            byte[] sent = new byte[BYTES];
            new Random(7).nextBytes(sent);
            PeerStream stream = await(dialed.openStream(QuicStreamsTest.ECHO));
            await(stream.write(ByteBuffer.wrap(sent)));
            stream.closeWrite();
            assertThat(Arrays.equals(QuicStreamsTest.readAll(stream, BYTES), sent)).isTrue();
            assertThat(eventually(() -> b.host().connections().size() == 1)).isTrue();
            QuicConnection accepted = b.host().connections().get(0);

            for (QuicConnection side : new QuicConnection[] {dialed, accepted}) {
                QuicConnectionPathStats path = side.channel().collectPathStats(0).get();
                QuicConnectionStats stats = side.channel().collectStats().get();
                long average = stats.sentBytes() / stats.sent();
                assertThat(path.pmtu()).as("path MTU of %s", side).isEqualTo(payload);
                assertThat(average).as("average packet of %s", side).isLessThanOrEqualTo(payload);
                if (payload > QuicSettings.UDP_PAYLOAD) {
                    // 4 MiB each way in packets no larger than Ethernet's could not average above its size.
                    assertThat(average).as("average packet of %s", side).isGreaterThan(QuicSettings.UDP_PAYLOAD);
                }
            }
        }
    }
}
