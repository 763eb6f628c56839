package io.pangea.shell.internal;

import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.api.transport.Transport;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConntrackCommandsTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final TrackedConnection WEB = new TrackedConnection(0xfedcba9876543210L, "tcp",
            new InetSocketAddress("192.0.2.1", 7000), new InetSocketAddress("192.0.2.2", 40000), 20, 15_000,
            NOW.minusSeconds(125), NOW.minusSeconds(5));
    private static final TrackedConnection DNS = new TrackedConnection(0x1L, "udp",
            new InetSocketAddress("2001:db8::1", 5353), new InetSocketAddress("2001:db8::2", 53), 2, 200,
            NOW.minusSeconds(10), NOW.minusSeconds(1));
    private static final TrackedConnection PROC = new TrackedConnection(0x2L, "tcp",
            new InetSocketAddress("192.0.2.1", 22), new InetSocketAddress("198.51.100.7", 50000), -1, -1,
            NOW.minusSeconds(3600), NOW);

    private final Output output = new Output();
    private final FakeTracker tracker = new FakeTracker();

    /** Lists what the test put in; hands watchers to the test. */
    static final class FakeTracker implements ConnectionTracker {
        List<TrackedConnection> connections = List.of();
        final List<Consumer<TrackedConnection>> watchers = new CopyOnWriteArrayList<>();
        final CountDownLatch watching = new CountDownLatch(1);
        int closedWatches;
        /** Announced to a watcher as soon as it watches, before the command reads any. */
        List<TrackedConnection> burst = List.of();

        @Override
        public List<TrackedConnection> connections() {
            return connections;
        }

        @Override
        public AutoCloseable watch(Consumer<TrackedConnection> onNew) {
            watchers.add(onNew);
            burst.forEach(onNew);
            watching.countDown();
            return () -> {
                watchers.remove(onNew);
                closedWatches++;
            };
        }

        void announce(TrackedConnection connection) {
            watchers.forEach(w -> w.accept(connection));
        }
    }

    /** Leases the tracker as provider tc, or has no eligible conntrack provider when it is null. */
    private static LeasingSelector selector(ConnectionTracker tracker) {
        LeasingSelector selector = new LeasingSelector()
                .whenNone("no eligible provider of conntrack: tc requires bpf.rights");
        return tracker == null ? selector : selector.offer(ConnectionTracker.class, tracker, "tc", "conntrack-v1");
    }

    private ConntrackListCommand list(LeasingSelector selector) {
        ConntrackListCommand command = new ConntrackListCommand();
        command.selector = selector;
        command.out = output.stream;
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return command;
    }

    private ConntrackWatchCommand watch(LeasingSelector selector) {
        ConntrackWatchCommand command = new ConntrackWatchCommand();
        command.selector = selector;
        command.out = output.stream;
        return command;
    }

    @Test
    void listShowsATableByBytes() {
        tracker.connections = List.of(DNS, PROC, WEB);
        LeasingSelector selector = selector(tracker);
        list(selector).execute();
        List<List<String>> rows = output.rows();
        assertThat(rows.get(0)).containsExactly("Id", "Proto", "Local", "Remote", "Packets", "Bytes", "Age", "Idle",
                "Peer");
        assertThat(rows.get(1)).containsExactly("fedcba9876543210", "tcp", "192.0.2.1:7000", "192.0.2.2:40000", "20",
                "14.6 KiB", "2:05", "0:05", "-");
        assertThat(rows.get(2)).containsExactly("0000000000000001", "udp", "[2001:db8::1]:5353", "[2001:db8::2]:53",
                "2", "200 B", "0:10", "0:01", "-");
        assertThat(rows.get(3)).containsExactly("0000000000000002", "tcp", "192.0.2.1:22", "198.51.100.7:50000",
                "-", "-", "1:00:00", "0:00", "-");
        assertThat(output.text()).contains("3 of 3 connection(s), provider tc (no traffic counters: -)");
        assertThat(selector.openLeases()).as("every lease is released").isZero();
    }

    @Test
    void listJoinsConnectionsToThePeersTheTransportsHold() {
        String peer = "12D3KooWQuicPeer";
        String other = "12D3KooWTcpPeer";
        // The node dialed 192.0.2.2:40000 over QUIC (a udp flow) and holds a TCP connection from 198.51.100.7.
        TransportCommandsTest.FakeTransport quic = new TransportCommandsTest.FakeTransport("quic-v1", List.of());
        quic.open.add(TransportCommandsTest.connection(peer, "/ip4/192.0.2.2/udp/40000/quic-v1", List.of(),
                Optional.empty(), Optional.empty()));
        quic.open.add(TransportCommandsTest.connection(other, "/ip4/198.51.100.7/tcp/50000", List.of(),
                Optional.empty(), Optional.empty()));
        TrackedConnection quicFlow = new TrackedConnection(0x3L, "udp", new InetSocketAddress("192.0.2.1", 4001),
                new InetSocketAddress("192.0.2.2", 40000), 5, 500, NOW.minusSeconds(2), NOW);
        tracker.connections = List.of(quicFlow, WEB, PROC);
        LeasingSelector selector = selector(tracker).offer(Transport.class, quic, "quic", "libp2p-quic");
        list(selector).execute();
        List<List<String>> rows = output.rows();
        assertThat(rows).filteredOn(row -> row.get(0).equals("0000000000000003")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).isEqualTo(peer));
        assertThat(rows).filteredOn(row -> row.get(0).equals("0000000000000002")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).isEqualTo(other));
        assertThat(rows).filteredOn(row -> row.get(0).equals("fedcba9876543210")).singleElement()
                .satisfies(row -> assertThat(row.get(8)).as("a TCP flow to the QUIC peer's address is not it")
                        .isEqualTo("-"));
        assertThat(selector.openLeases()).isZero();
    }

    @Test
    void listFiltersSortsAndLimits() {
        tracker.connections = List.of(DNS, PROC, WEB);
        ConntrackListCommand command = list(selector(tracker));
        command.protocol = "TCP";
        command.sort = "age";
        command.execute();
        assertThat(output.rows()).extracting(r -> r.get(0)).containsExactly("Id", "0000000000000002", "fedcba9876543210");

        Output second = new Output();
        command = list(selector(tracker));
        command.out = second.stream;
        command.port = 53;
        command.execute();
        assertThat(second.rows()).extracting(r -> r.get(0)).containsExactly("Id", "0000000000000001");

        Output third = new Output();
        command = list(selector(tracker));
        command.out = third.stream;
        command.sort = "idle";
        command.limit = 2;
        command.execute();
        assertThat(third.rows()).extracting(r -> r.get(0)).containsExactly("Id", "0000000000000002", "0000000000000001");
        assertThat(third.text()).contains("2 of 3 connection(s)");
    }

    @Test
    void listSaysWhatIsWrong() {
        assertThatThrownBy(() -> list(selector(null)).execute()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no conntrack provider is eligible")
                .hasMessageContaining("tc requires bpf.rights");
        assertThatThrownBy(() -> list(null).execute()).hasMessageContaining("no provider selector is running");
        ConntrackListCommand command = list(selector(tracker));
        command.sort = "size";
        assertThatThrownBy(command::execute).hasMessageContaining("unknown sort 'size'; known: bytes, packets");
        command = list(selector(tracker));
        command.protocol = "sctp";
        assertThatThrownBy(command::execute).hasMessageContaining("unknown protocol 'sctp'");
        assertThat(output.text()).isEmpty();
    }

    @Test
    void ipv6AddressesAreWrittenShort() throws Exception {
        assertThat(ConntrackListCommand.compact(java.net.InetAddress.getByName("2001:db8::1").getAddress()))
                .isEqualTo("2001:db8::1");
        assertThat(ConntrackListCommand.compact(java.net.InetAddress.getByName("::").getAddress())).isEqualTo("::");
        assertThat(ConntrackListCommand.compact(java.net.InetAddress.getByName("::1").getAddress())).isEqualTo("::1");
        assertThat(ConntrackListCommand.compact(java.net.InetAddress.getByName("2001:db8:0:1:0:0:0:1").getAddress()))
                .isEqualTo("2001:db8:0:1::1");
        assertThat(ConntrackListCommand.compact(java.net.InetAddress.getByName("fe80:0:0:1:2:0:0:0").getAddress()))
                .isEqualTo("fe80:0:0:1:2::");
    }

    @Test
    void anEmptyListSaysSo() {
        list(selector(tracker)).execute();
        assertThat(output.text()).contains("(no connections)").contains("0 of 0 connection(s)");
    }

    @Test
    void watchPrintsNewConnectionsUntilTheCount() throws Exception {
        LeasingSelector selector = selector(tracker);
        ConntrackWatchCommand command = watch(selector);
        command.count = 2;
        command.protocol = "tcp";
        Thread announcer = new Thread(() -> {
            try {
                if (tracker.watching.await(5, TimeUnit.SECONDS)) {
                    tracker.announce(DNS); // filtered out
                    tracker.announce(WEB);
                    tracker.announce(PROC);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        announcer.start();
        command.execute();
        announcer.join(5_000);
        assertThat(output.lines()).hasSize(4);
        assertThat(output.lines().get(1)).endsWith("tcp 192.0.2.1:7000 <-> 192.0.2.2:40000 id fedcba9876543210");
        assertThat(output.lines().get(2)).contains("192.0.2.1:22 <-> 198.51.100.7:50000");
        assertThat(output.lines().get(3)).isEqualTo("2 new connection(s)");
        assertThat(tracker.watchers).as("the watch is closed").isEmpty();
        assertThat(selector.closed()).isEqualTo(1);
    }

    @Test
    void watchStopsAfterItsSeconds() throws Exception {
        ConntrackWatchCommand command = watch(selector(tracker));
        command.seconds = 1;
        long start = System.nanoTime();
        command.execute();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(900L, 3_000L);
        assertThat(output.lines()).last().isEqualTo("0 new connection(s)");
        assertThat(tracker.closedWatches).isEqualTo(1);
    }

    @Test
    void ctrlCEndsTheWatchCleanly() throws Exception {
        ConntrackWatchCommand command = watch(selector(tracker));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread shell = new Thread(() -> {
            try {
                command.execute();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        shell.start();
        assertThat(tracker.watching.await(5, TimeUnit.SECONDS)).isTrue();
        tracker.announce(WEB);
        Thread.sleep(300);
        shell.interrupt(); // what Karaf does on Ctrl-C
        shell.join(5_000);
        assertThat(shell.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(output.text()).contains("Ctrl-C stops").contains("id fedcba9876543210")
                .contains("1 new connection(s)");
        assertThat(tracker.watchers).isEmpty();
    }

    @Test
    void watchWithoutAProviderSaysSo() {
        assertThatThrownBy(() -> watch(selector(null)).execute())
                .hasMessageContaining("no conntrack provider is eligible");
        ConntrackWatchCommand command = watch(selector(tracker));
        command.count = -1;
        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFloodIsCountedNotKept() throws Exception {
        ConntrackWatchCommand command = watch(selector(tracker));
        command.count = 1;
        List<TrackedConnection> flood = new ArrayList<>();
        for (int i = 0; i < ConntrackWatchCommand.BACKLOG + 10; i++) {
            flood.add(WEB);
        }
        tracker.burst = flood;
        command.execute();
        assertThat(output.lines()).last().isEqualTo(
                "1 new connection(s); 10 more arrived faster than they could be printed and were skipped");
    }
}
