package io.pangea.tracer.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracer in the real kernel (root): connections on loopback and retransmissions over a veth pair between two
 * namespaces of the test's own. The tracepoints see the whole machine, so without a port filter the counts are
 * lower bounds; with the filter on a port of the test's own they are exact.
 */
class TracerKernelTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int CONNECTIONS = 20;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private static TracerProgram.Settings filter(int... ports) {
        return new TracerProgram.Settings(ports, 256);
    }

    /** Polls {@code read} until {@code done} holds or {@code limit} passes; the last value either way. */
    private static <T> T await(Supplier<T> read, Predicate<T> done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = read.get();
        }
        return value;
    }

    /** Connects to {@code server}, lets the accepted end close after the client, as a short request would. */
    private static void connectAndClose(ServerSocket server) throws Exception {
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 2000);
            try (Socket accepted = server.accept()) {
                client.close();
                accepted.getInputStream().read(); // the client's FIN, so the server end closes second
            }
        }
    }

    /** A connection that one end resets: SO_LINGER 0 makes close() send RST instead of FIN. */
    private static void connectAndAbort(ServerSocket server, boolean serverAborts) throws Exception {
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()), 2000);
            try (Socket accepted = server.accept()) {
                Socket aborting = serverAborts ? accepted : client;
                aborting.setSoLinger(true, 0);
                aborting.close();
            }
        }
    }

    @Test
    void loopbackConnectionsAreCountedOnBothSides() throws Exception {
        KernelTests.assume();
        try (TracerProgram program = TracerProgram.start(filter());
             ServerSocket server = new ServerSocket(0, CONNECTIONS, LOOPBACK)) {
            TcpCounters before = program.counters();
            for (int i = 0; i < CONNECTIONS; i++) {
                connectAndClose(server);
            }
            // Other processes' connections may add to every count, never take from it.
            TcpCounters after = await(program::counters,
                    c -> c.transitionsInto(TcpState.CLOSE) - before.transitionsInto(TcpState.CLOSE) >= 2 * CONNECTIONS,
                    SETTLE);
            assertThat(after.openedActive() - before.openedActive()).isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(after.openedPassive() - before.openedPassive()).isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(grown(before, after, TcpState.SYN_SENT)).isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(grown(before, after, TcpState.SYN_RECV)).isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(grown(before, after, TcpState.ESTABLISHED)).isGreaterThanOrEqualTo(2 * CONNECTIONS);
            assertThat(grown(before, after, TcpState.FIN_WAIT1)).isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(grown(before, after, TcpState.CLOSE_WAIT)).isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(grown(before, after, TcpState.CLOSE)).isGreaterThanOrEqualTo(2 * CONNECTIONS);
            // Sane: nothing can have opened more often than something became ESTABLISHED.
            assertThat(after.openedActive() + after.openedPassive())
                    .isLessThanOrEqualTo(after.transitionsInto(TcpState.ESTABLISHED));
        }
    }

    private static long grown(TcpCounters before, TcpCounters after, TcpState state) {
        return after.transitionsInto(state) - before.transitionsInto(state);
    }

    @Test
    void withAPortFilterOnlyTheNodesSocketsCountExactlyAndDetachingStopsTheCounts() throws Exception {
        KernelTests.assume();
        try (ServerSocket server = new ServerSocket(0, CONNECTIONS, LOOPBACK);
             TracerProgram program = TracerProgram.start(filter(server.getLocalPort()))) {
            int n = 10;
            for (int i = 0; i < n; i++) {
                connectAndClose(server);
            }
            TcpCounters closed = await(program::counters, c -> c.transitionsInto(TcpState.CLOSE) >= n, SETTLE);
            // Only the accepted ends have the server's port; the clients' ephemeral ports are not watched.
            assertThat(closed.openedPassive()).isEqualTo(n);
            assertThat(closed.openedActive()).isZero();
            assertThat(closed.transitionsInto(TcpState.ESTABLISHED)).isEqualTo(n);
            assertThat(closed.transitionsInto(TcpState.SYN_SENT)).isZero();
            assertThat(closed.transitionsInto(TcpState.CLOSE_WAIT)).isEqualTo(n);
            assertThat(closed.transitionsInto(TcpState.LAST_ACK)).isEqualTo(n);
            assertThat(closed.transitionsInto(TcpState.CLOSE)).isEqualTo(n);
            assertThat(closed.aborted()).isZero();
            assertThat(closed.resetsSent() + closed.resetsReceived()).isZero();

            for (int i = 0; i < n; i++) {
                connectAndAbort(server, false);
            }
            TcpCounters clientReset = await(program::counters, c -> c.resetsReceived() >= n && c.aborted() >= n,
                    SETTLE);
            assertThat(clientReset.resetsReceived()).as("resets the watched ends received").isEqualTo(n);
            assertThat(clientReset.aborted()).isEqualTo(n);
            assertThat(clientReset.resetsSent()).isZero();

            for (int i = 0; i < n; i++) {
                connectAndAbort(server, true);
            }
            TcpCounters serverReset = await(program::counters, c -> c.resetsSent() >= n && c.aborted() >= 2L * n,
                    SETTLE);
            assertThat(serverReset.resetsSent()).as("resets the watched ends sent").isEqualTo(n);
            assertThat(serverReset.aborted()).isEqualTo(2L * n);
            assertThat(serverReset.resetsReceived()).isEqualTo(n);
            assertThat(serverReset.openedPassive()).isEqualTo(3L * n);

            program.detach();
            assertThat(program.attached()).isFalse();
            TcpCounters detached = program.counters();
            for (int i = 0; i < n; i++) {
                connectAndClose(server);
                connectAndAbort(server, true);
            }
            Thread.sleep(200);
            assertThat(program.counters()).as("detached: nothing moves").usingRecursiveComparison().isEqualTo(detached);
        }
    }

    @Test
    void aResetForAClosedWatchedPortIsCountedByTheSegmentsPort() throws Exception {
        KernelTests.assume();
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            closed = probe.getLocalPort();
        }
        try (TracerProgram program = TracerProgram.start(filter(closed))) {
            int n = 3;
            for (int i = 0; i < n; i++) {
                try (Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(LOOPBACK, closed), 2000);
                    throw new AssertionError("port " + closed + " was taken meanwhile; run the test again");
                } catch (java.net.ConnectException refused) {
                    // the kernel answered the SYN with a reset: no socket had the port
                }
            }
            TcpCounters counters = await(program::counters, c -> c.resetsSent() >= n, SETTLE);
            assertThat(counters.resetsSent()).isEqualTo(n);
            assertThat(counters.resetsReceived()).as("the clients' ports are not watched").isZero();
        }
    }

    @Test
    void retransmissionsToAPeerThatStoppedListeningAreCountedAndTheRemoteNamed() throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            veth.nodeAddress("192.0.2.1/24");
            veth.peerAddress("192.0.2.2/24");
            // Permanent neighbours: once the peer loses its address it answers no ARP, and the node must still send.
            veth.nodeNeighbour("192.0.2.2", veth.peerMac());
            veth.peerNeighbour("192.0.2.1", veth.nodeMac());
            String node = veth.nodeNamespace().orElseThrow();
            try (ServerSocket server = NetworkNamespace.run(node,
                    () -> new ServerSocket(0, 1, InetAddress.getByName("192.0.2.1")))) {
                int port = server.getLocalPort();
                server.setSoTimeout(5000);
                TcpTracer tracer = new TcpTracer(Configurations.tracer(Map.of("ports", new int[]{port},
                        "topRemotes", 5)), null);
                try (Socket client = NetworkNamespace.run(veth.namespace(), () -> {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("192.0.2.1", port), 2000);
                    return socket;
                }); Socket accepted = server.accept()) {
                    assertThat(tracer.unavailable()).isEmpty();
                    long before = retransmittedSegments(node);
                    // Without its address the peer takes nothing sent to 192.0.2.2 (not for it, and it does not
                    // forward): every data segment the node sends is lost, so the node retransmits on its timer.
                    Commands.check("ip", "-n", veth.namespace(), "address", "del", "192.0.2.2/24", "dev", veth.peer());
                    OutputStream out = accepted.getOutputStream();
                    out.write(new byte[1000]);
                    out.flush();

                    TcpCounters counters = await(() -> tracer.counters().orElseThrow(), c -> c.retransmits() >= 2,
                            Duration.ofSeconds(8));
                    assertThat(counters.retransmits()).isGreaterThanOrEqualTo(2);
                    // The node's namespace holds no other TCP: the kernel's own count there must agree.
                    long kernel = retransmittedSegments(node) - before;
                    assertThat(counters.retransmits()).isBetween(kernel - 1, kernel + 1);

                    List<MetricFamily> families = tracer.collect();
                    wellFormed(families);
                    String remote = "192.0.2.2:" + client.getLocalPort();
                    MetricFamily top = families.stream()
                            .filter(f -> f.name().equals(TracerMetrics.REMOTE_RETRANSMITS)).findFirst().orElseThrow();
                    assertThat(top.samples()).singleElement().satisfies(sample -> {
                        assertThat(sample.labels()).isEqualTo(Map.of("remote", remote));
                        assertThat(sample.value()).isGreaterThanOrEqualTo(2);
                    });
                    assertThat(value(families, TracerMetrics.UP)).isEqualTo(1);
                    assertThat(value(families, TracerMetrics.RETRANSMITS)).isGreaterThanOrEqualTo(2);
                } finally {
                    tracer.deactivate();
                }
                assertThat(tracer.collect()).as("deactivated").isEqualTo(TracerMetrics.unavailable("stopped"));
            }
        }
    }

    @Test
    void theComponentReportsARunningTracer() throws Exception {
        KernelTests.assume();
        TcpTracer tracer = new TcpTracer(Configurations.tracer(Map.of()), null);
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            assertThat(tracer.unavailable()).isEmpty();
            connectAndClose(server);
            List<MetricFamily> families = tracer.collect();
            wellFormed(families);
            assertThat(value(families, TracerMetrics.UP)).isEqualTo(1);
            assertThat(families.stream().filter(f -> f.name().equals(TracerMetrics.OPENED)).findFirst().orElseThrow()
                    .samples()).allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
        } finally {
            tracer.deactivate();
        }
    }

    /** What the Prometheus text format needs beyond MetricFamily's own checks: one series per label set. */
    private static void wellFormed(List<MetricFamily> families) {
        assertThat(families).extracting(MetricFamily::name).doesNotHaveDuplicates();
        for (MetricFamily family : families) {
            assertThat(family.help()).isNotBlank();
            assertThat(new HashSet<>(family.samples().stream().map(MetricFamily.Sample::labels).toList()))
                    .as(family.name()).hasSize(family.samples().size());
            assertThat(family.samples()).allSatisfy(s -> assertThat(s.value()).isNotNegative());
        }
    }

    private static double value(List<MetricFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow()
                .samples().get(0).value();
    }

    /** RetransSegs of the namespace's TCP MIB (/proc/net/snmp is per network namespace). */
    private static long retransmittedSegments(String namespace) {
        String[] lines = Commands.check("ip", "netns", "exec", namespace, "cat", "/proc/net/snmp").split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Tcp:") && lines[i + 1].startsWith("Tcp:")) {
                List<String> names = List.of(lines[i].trim().split("\\s+"));
                return Long.parseLong(lines[i + 1].trim().split("\\s+")[names.indexOf("RetransSegs")]);
            }
        }
        throw new IllegalStateException("no Tcp: lines in /proc/net/snmp of " + namespace);
    }
}
