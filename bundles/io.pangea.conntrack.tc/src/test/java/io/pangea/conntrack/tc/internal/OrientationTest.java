package io.pangea.conntrack.tc.internal;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static io.pangea.conntrack.tc.internal.ConntrackLayout.EGRESS;
import static io.pangea.conntrack.tc.internal.ConntrackLayout.INGRESS;
import static io.pangea.conntrack.tc.internal.ConntrackLayout.LOWER_TO_HIGHER;
import static io.pangea.conntrack.tc.internal.TestFrames.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

/** Which end is the node's, the structs' layout and the kernel clock, without a kernel. */
class OrientationTest {
    private static final InetSocketAddress NODE = endpoint("192.0.2.1", 7000);
    private static final InetSocketAddress PEER = endpoint("192.0.2.2", 40000);
    private static final ConntrackLayout.Key KEY = new ConntrackLayout.Key(ConntrackLayout.TCP, NODE, PEER);
    private static final int HIGHER_TO_LOWER = 1;

    @Test
    void aLocalAddressDecides() {
        for (int hook : new int[]{INGRESS, EGRESS}) {
            for (int direction : new int[]{LOWER_TO_HIGHER, HIGHER_TO_LOWER}) {
                assertThat(TcConnectionTracker.ends(KEY, direction, hook, Set.of(NODE.getAddress())))
                        .isEqualTo(new TcConnectionTracker.Ends(NODE, PEER));
                assertThat(TcConnectionTracker.ends(KEY, direction, hook, Set.of(PEER.getAddress())))
                        .isEqualTo(new TcConnectionTracker.Ends(PEER, NODE));
            }
        }
    }

    @Test
    void elseTheFirstPacketsOrientationDecides() {
        // The peer opened the connection: its SYN (higher to lower) arrived at the ingress.
        assertThat(TcConnectionTracker.ends(KEY, HIGHER_TO_LOWER, INGRESS, Set.of()))
                .isEqualTo(new TcConnectionTracker.Ends(NODE, PEER));
        // The node opened it: its SYN (lower to higher) left by the egress.
        assertThat(TcConnectionTracker.ends(KEY, LOWER_TO_HIGHER, EGRESS, Set.of()))
                .isEqualTo(new TcConnectionTracker.Ends(NODE, PEER));
        assertThat(TcConnectionTracker.ends(KEY, LOWER_TO_HIGHER, INGRESS, Set.of()))
                .isEqualTo(new TcConnectionTracker.Ends(PEER, NODE));
        // Loopback: both are local, the initiator's end is.
        assertThat(TcConnectionTracker.ends(KEY, HIGHER_TO_LOWER, EGRESS, Set.of(NODE.getAddress(), PEER.getAddress())))
                .isEqualTo(new TcConnectionTracker.Ends(PEER, NODE));
    }

    @Test
    void keysRoundTripWithNetworkOrderPorts() {
        byte[] raw = KEY.encode();
        assertThat(raw).hasSize(ConntrackLayout.KEY_BYTES);
        assertThat(raw[32] & 0xff).as("port 7000 = 0x1b58, big-endian").isEqualTo(0x1b);
        assertThat(raw[33] & 0xff).isEqualTo(0x58);
        assertThat(ConntrackLayout.key(raw)).isEqualTo(KEY);
        ConntrackLayout.Key v6 = new ConntrackLayout.Key(ConntrackLayout.UDP, endpoint("2001:db8::1", 1),
                endpoint("2001:db8::2", 2));
        assertThat(ConntrackLayout.key(v6.encode())).isEqualTo(v6);
        assertThat(v6.protocolName()).isEqualTo("udp");
    }

    @Test
    void flowsAndEventsDecode() {
        ByteBuffer flow = ByteBuffer.allocate(ConntrackLayout.FLOW_BYTES).order(ByteOrder.nativeOrder());
        flow.putLong(42).putLong(100).putLong(200).putLong(3).putLong(4).putLong(300).putLong(400).putInt(0x12)
                .put((byte) 1).put((byte) EGRESS);
        ConntrackLayout.Flow decoded = ConntrackLayout.flow(flow.array());
        assertThat(decoded.id()).isEqualTo(42);
        assertThat(decoded.totalPackets()).isEqualTo(7);
        assertThat(decoded.totalBytes()).isEqualTo(700);
        assertThat(decoded.tcpFlags()).isEqualTo(0x12);
        assertThat(decoded.firstDirection()).isEqualTo(1);
        assertThat(decoded.firstHook()).isEqualTo(EGRESS);

        ByteBuffer event = ByteBuffer.allocate(ConntrackLayout.EVENT_BYTES).order(ByteOrder.nativeOrder());
        event.put(KEY.encode()).putLong(-5).putLong(999).put((byte) 1).put((byte) INGRESS).putShort((short) 1)
                .putInt(74).flip();
        ConntrackLayout.Event e = ConntrackLayout.event(event);
        assertThat(e).isEqualTo(new ConntrackLayout.Event(KEY, -5, 999, 1, INGRESS, 1, 74));
    }

    @Test
    void kernelTimeIsAgedFromNow() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        KernelClock clock = new KernelClock(Clock.fixed(now, ZoneOffset.UTC), () -> 5_000_000_000L);
        assertThat(clock.instant(3_000_000_000L)).isEqualTo(now.minusSeconds(2));
        assertThat(clock.nowNanos()).isEqualTo(5_000_000_000L);
    }
}
