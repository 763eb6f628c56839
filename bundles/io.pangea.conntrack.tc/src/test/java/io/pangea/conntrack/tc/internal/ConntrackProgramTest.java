package io.pangea.conntrack.tc.internal;

import io.pangea.api.conntrack.ConnectionIds;
import io.pangea.bpf.BpfRingBuffer;
import io.pangea.bpf.TcDirection;
import io.pangea.bpf.testing.KernelTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.pangea.conntrack.tc.internal.TestFrames.ACK;
import static io.pangea.conntrack.tc.internal.TestFrames.SYN;
import static io.pangea.conntrack.tc.internal.TestFrames.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The program in the real kernel, fed crafted frames through BPF_PROG_TEST_RUN (no interface, no namespace):
 * parsing, the direction-normalised key, the kernel's SHA-256 id, the per-direction counters, the event and the
 * port filter. Real traffic is {@link TcTrafficTest}'s.
 */
class ConntrackProgramTest {
    /** TCX_NEXT: the program passes everything on. */
    private static final int PASS_ON = -1;
    private static final InetSocketAddress NODE = endpoint("192.0.2.1", 7000);
    private static final InetSocketAddress PEER = endpoint("192.0.2.2", 40000);
    private static final InetSocketAddress NODE6 = endpoint("2001:db8::1", 7000);
    private static final InetSocketAddress PEER6 = endpoint("2001:db8::2", 40000);

    @BeforeEach
    void kernel() {
        KernelTests.assume();
    }

    @Test
    void bothDirectionsMeetInOneEntryWithTheSharedId() throws Exception {
        try (ConntrackProgram program = ConntrackProgram.load(ConntrackProgram.Settings.DEFAULT)) {
            byte[] syn = TestFrames.tcp(PEER, NODE, SYN, 0);
            byte[] reply = TestFrames.tcp(NODE, PEER, SYN | ACK, 100);
            assertThat(program.testRun(TcDirection.INGRESS, syn)).isEqualTo(PASS_ON);
            assertThat(program.testRun(TcDirection.EGRESS, reply)).isEqualTo(PASS_ON);
            assertThat(program.testRun(TcDirection.INGRESS, syn)).isEqualTo(PASS_ON);

            List<ConntrackProgram.Entry> entries = program.entries();
            assertThat(entries).hasSize(1);
            ConntrackProgram.Entry entry = entries.get(0);
            // 192.0.2.1:7000 sorts before 192.0.2.2:40000: the node is the lower end.
            assertThat(entry.key()).isEqualTo(new ConntrackLayout.Key(ConntrackLayout.TCP, NODE, PEER));
            ConntrackLayout.Flow flow = entry.flow();
            assertThat(flow.id()).as("the kernel's SHA-256 id").isEqualTo(ConnectionIds.id("tcp", PEER, NODE));
            assertThat(flow.packets()).containsExactly(1, 2);
            assertThat(flow.bytes()).containsExactly(reply.length, 2L * syn.length);
            assertThat(flow.tcpFlags()).isEqualTo(SYN | ACK);
            assertThat(flow.firstDirection()).as("the peer's SYN went higher to lower").isEqualTo(1);
            assertThat(flow.firstHook()).isEqualTo(ConntrackLayout.INGRESS);
            assertThat(flow.lastSeenNanos()).isGreaterThanOrEqualTo(flow.firstSeenNanos());
            assertThat(TcConnectionTracker.ends(entry.key(), flow.firstDirection(), flow.firstHook(), Set.of()))
                    .isEqualTo(new TcConnectionTracker.Ends(NODE, PEER));

            List<ConntrackLayout.Event> events = events(program);
            assertThat(events).hasSize(1);
            ConntrackLayout.Event event = events.get(0);
            assertThat(event.key()).isEqualTo(entry.key());
            assertThat(event.id()).isEqualTo(flow.id());
            assertThat(event.hook()).isEqualTo(ConntrackLayout.INGRESS);
            assertThat(event.direction()).isEqualTo(1);
            assertThat(event.timestampNanos()).isEqualTo(flow.firstSeenNanos());
            assertThat(event.packets()).isEqualTo(1);
            assertThat(event.bytes()).isEqualTo(syn.length);

            ConntrackProgram.Counters counters = program.counters();
            assertThat(counters.packets()).isEqualTo(3);
            assertThat(counters.bytes()).isEqualTo(2L * syn.length + reply.length);
            assertThat(counters.newConnections()).isEqualTo(1);
            assertThat(counters.eventsDropped()).isZero();
        }
    }

    @Test
    void idsAgreeForIpv6AndUdpAndManyTuples() throws Exception {
        try (ConntrackProgram program = ConntrackProgram.load(ConntrackProgram.Settings.DEFAULT)) {
            List<InetSocketAddress[]> flows = List.of(
                    new InetSocketAddress[]{NODE6, PEER6},
                    new InetSocketAddress[]{PEER6, endpoint("2001:db8:ffff:ffff::ffff", 65535)},
                    new InetSocketAddress[]{endpoint("198.51.100.200", 1), endpoint("198.51.100.3", 2)},
                    new InetSocketAddress[]{endpoint("192.0.2.7", 53), endpoint("192.0.2.7", 54)});
            for (InetSocketAddress[] flow : flows) {
                program.testRun(TcDirection.EGRESS, TestFrames.udp(flow[0], flow[1], 10));
                program.testRun(TcDirection.INGRESS, TestFrames.tcp(flow[1], flow[0], SYN, 0));
            }
            List<ConntrackProgram.Entry> entries = program.entries();
            assertThat(entries).hasSize(2 * flows.size());
            for (ConntrackProgram.Entry entry : entries) {
                assertThat(entry.flow().id()).as(entry.key().toString())
                        .isEqualTo(ConnectionIds.id(entry.key().protocolName(), entry.key().lower(),
                                entry.key().higher()));
            }
            assertThat(events(program)).hasSize(2 * flows.size());
        }
    }

    @Test
    void whatIsNotTcpOrUdpOverIpPassesUntracked() throws Exception {
        try (ConntrackProgram program = ConntrackProgram.load(ConntrackProgram.Settings.DEFAULT)) {
            byte[] icmp = TestFrames.frame(PEER, NODE, TestFrames.ICMP, new byte[16]);
            byte[] truncated = java.util.Arrays.copyOf(TestFrames.tcp(PEER, NODE, SYN, 0), 14 + 20 + 10);
            byte[] arp = new byte[42];
            arp[12] = 0x08;
            arp[13] = 0x06;
            for (byte[] frame : List.of(icmp, truncated, arp)) {
                assertThat(program.testRun(TcDirection.INGRESS, frame)).isEqualTo(PASS_ON);
            }
            assertThat(program.entries()).isEmpty();
            assertThat(program.counters().packets()).isZero();
        }
    }

    @Test
    void withPortsOnlyThoseAreTracked() throws Exception {
        try (ConntrackProgram program = ConntrackProgram.load(
                new ConntrackProgram.Settings(128, Set.of(7000, 9000)))) {
            program.testRun(TcDirection.INGRESS, TestFrames.tcp(PEER, NODE, SYN, 0));
            program.testRun(TcDirection.EGRESS, TestFrames.udp(endpoint("192.0.2.1", 9000), PEER, 5));
            program.testRun(TcDirection.INGRESS, TestFrames.tcp(PEER, endpoint("192.0.2.1", 22), SYN, 0));
            assertThat(program.entries()).extracting(e -> e.key().lower().getPort())
                    .containsExactlyInAnyOrder(7000, 9000);
            assertThat(program.capacity()).isEqualTo(128);
        }
    }

    private static List<ConntrackLayout.Event> events(ConntrackProgram program) {
        List<ConntrackLayout.Event> events = new ArrayList<>();
        try (BpfRingBuffer ring = program.events()) {
            for (int i = 0; i < 5 && ring.poll(Duration.ofMillis(50), r -> events.add(ConntrackLayout.event(r))) > 0; i++) {
                // drained
            }
        }
        return events;
    }
}
