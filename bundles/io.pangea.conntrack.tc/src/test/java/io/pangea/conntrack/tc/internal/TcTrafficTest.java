package io.pangea.conntrack.tc.internal;

import io.pangea.api.conntrack.ConnectionIds;
import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.bpf.BpfLink;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.HostLock;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real connections over a veth pair between two namespaces of the test's own: the tracker is attached to the node
 * end in the node namespace, servers listen there, clients connect from the peer namespace. This JVM's own
 * namespace gets no address, route or interface. The node's addresses are given to the tracker only where a test
 * says so; otherwise the first packet's orientation decides which end is the node's.
 * <p>
 * That a killed JVM leaves no link behind is the binding's KilledProcessTest (TCX links are owned by the process);
 * it is not repeated here.
 */
class TcTrafficTest {
    static final String NODE4 = "192.0.2.1";
    static final String PEER4 = "192.0.2.2";
    static final String NODE6 = "2001:db8::1";
    static final String PEER6 = "2001:db8::2";
    /** Ethernet, IPv4 and UDP headers of a datagram as TC sees it. */
    static final int UDP4_OVERHEAD = 14 + 20 + 8;
    static final Duration WAIT = Duration.ofSeconds(5);

    private static HostLock lock;
    private static VethPair veth;
    private TcConnectionTracker tracker;

    @BeforeAll
    static void network() throws Exception {
        KernelTests.assume();
        lock = HostLock.acquire(Duration.ofMinutes(5));
        veth = VethPair.isolated();
        veth.nodeAddress(NODE4 + "/24");
        veth.nodeAddress(NODE6 + "/64");
        veth.peerAddress(PEER4 + "/24");
        veth.peerAddress(PEER6 + "/64");
        // No neighbour resolution: the first packets of a connection are not delayed or lost to it.
        veth.nodeNeighbour(PEER4, veth.peerMac());
        veth.nodeNeighbour(PEER6, veth.peerMac());
        veth.peerNeighbour(NODE4, veth.nodeMac());
        veth.peerNeighbour(NODE6, veth.nodeMac());
    }

    @AfterAll
    static void teardown() throws Exception {
        try {
            if (veth != null) {
                veth.close();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    @AfterEach
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    private static <T> T inNode(Callable<T> task) throws Exception {
        return NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), task);
    }

    private static <T> T inPeer(Callable<T> task) throws Exception {
        return NetworkNamespace.run(veth.namespace(), task);
    }

    private void start(Duration idleTimeout, Set<InetAddress> nodeAddresses) throws Exception {
        int ifindex = veth.nodeIndex();
        tracker = inNode(() -> TcConnectionTracker.start(List.of(new TrackedInterface(veth.node(), ifindex, false)),
                ConntrackProgram.Settings.DEFAULT, idleTimeout, () -> nodeAddresses, KernelClock.SYSTEM));
    }

    private static Optional<TrackedConnection> find(ConnectionTracker tracker, long id) {
        return tracker.connections().stream().filter(c -> c.id() == id).findFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {NODE4, NODE6})
    void aTcpConnectionFromThePeerIsOneEventAndOneEntry(String node) throws Exception {
        String peer = node.equals(NODE4) ? PEER4 : PEER6;
        start(Duration.ofMinutes(5), Set.of());
        BlockingQueue<TrackedConnection> events = new LinkedBlockingQueue<>();
        AutoCloseable watch = tracker.watch(events::add);

        InetAddress nodeAddress = InetAddress.getByName(node);
        long procId;
        try (ServerSocket server = inNode(() -> new ServerSocket(7000, 1, nodeAddress))) {
            server.setSoTimeout((int) WAIT.toMillis());
            Socket client = inPeer(() -> {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(InetAddress.getByName(peer), 0));
                socket.connect(new InetSocketAddress(nodeAddress, 7000), (int) WAIT.toMillis());
                return socket;
            });
            InetSocketAddress local = new InetSocketAddress(nodeAddress, 7000);
            InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(peer), client.getLocalPort());
            procId = ConnectionIds.id("tcp", local, remote);
            try (client; Socket accepted = server.accept()) {
                client.setSoTimeout((int) WAIT.toMillis());
                accepted.setSoTimeout((int) WAIT.toMillis());
                client.getOutputStream().write(new byte[10_000]);
                readFully(accepted.getInputStream(), 10_000);
                accepted.getOutputStream().write(new byte[5_000]);
                readFully(client.getInputStream(), 5_000);

                TrackedConnection event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(event).as("a new-connection event").isNotNull();
                assertThat(event.protocol()).isEqualTo("tcp");
                assertThat(event.local()).as("the node's end, from the SYN's orientation").isEqualTo(local);
                assertThat(event.remote()).isEqualTo(remote);
                assertThat(event.id()).as("the /proc provider's id").isEqualTo(procId)
                        .isEqualTo(ConnectionIds.id("tcp", remote, local));
                assertThat(event.packets()).isEqualTo(1);
                assertThat(Duration.between(event.firstSeen(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(10));

                procListsTheSameConnection(procId, local, remote);
            }
            watch.close();
        }
        // The FIN exchange settles; then one entry holds both directions.
        Thread.sleep(300);
        TrackedConnection connection = find(tracker, procId).orElseThrow();
        assertThat(connection.local()).isEqualTo(new InetSocketAddress(nodeAddress, 7000));
        // At least the 15 000 payload bytes in 11 segments (MSS 1448 over a 1500 MTU), the handshake and the close;
        // headers at most 14 + 40 + 20 + 12 per packet (a GSO burst counts its headers once).
        assertThat(connection.packets()).isBetween(11L + 5, 80L);
        assertThat(connection.bytes()).isBetween(15_000L, 15_000L + 86 * connection.packets());
        assertThat(connection.lastSeen()).isAfterOrEqualTo(connection.firstSeen());
        assertThat(events).as("one event per connection").isEmpty();
        assertThat(tracker.counters().newConnections()).isEqualTo(1);
    }

    /**
     * The /proc provider, in the node namespace (a thread there reads /proc/thread-self/net, which is the node's),
     * lists the server's socket under the same id. Its constructor taking the directory is package-private, so it
     * is reached by reflection: only a test may do that.
     */
    private static void procListsTheSameConnection(long id, InetSocketAddress local, InetSocketAddress remote)
            throws Exception {
        Class<?> type = Class.forName("io.pangea.conntrack.proc.internal.ProcConnectionTracker");
        Constructor<?> constructor = type.getDeclaredConstructor(Path.class, long.class, Clock.class);
        constructor.setAccessible(true);
        ConnectionTracker proc = (ConnectionTracker) constructor.newInstance(Path.of("/proc/thread-self/net"), 500L,
                Clock.systemUTC());
        List<TrackedConnection> listed = inNode(proc::connections);
        assertThat(listed).as("/proc in the node namespace")
                .anySatisfy(c -> {
                    assertThat(c.id()).isEqualTo(id);
                    assertThat(c.local()).isEqualTo(local);
                    assertThat(c.remote()).isEqualTo(remote);
                });
    }

    @Test
    void aUdpFlowCountsEveryDatagramBothWays() throws Exception {
        InetAddress nodeAddress = InetAddress.getByName(NODE4);
        start(Duration.ofMinutes(5), Set.of(nodeAddress));
        BlockingQueue<TrackedConnection> events = new LinkedBlockingQueue<>();
        tracker.watch(events::add);
        try (DatagramSocket server = inNode(() -> new DatagramSocket(new InetSocketAddress(nodeAddress, 7001)));
             DatagramSocket client = inPeer(() -> new DatagramSocket(new InetSocketAddress(PEER4, 0)))) {
            server.setSoTimeout((int) WAIT.toMillis());
            for (int i = 0; i < 5; i++) {
                client.send(new DatagramPacket(new byte[100], 100, new InetSocketAddress(nodeAddress, 7001)));
            }
            DatagramPacket received = new DatagramPacket(new byte[200], 200);
            for (int i = 0; i < 5; i++) {
                server.receive(received);
            }
            server.send(new DatagramPacket(new byte[100], 100, received.getSocketAddress()));

            TrackedConnection event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).isNotNull();
            InetSocketAddress local = new InetSocketAddress(nodeAddress, 7001);
            InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(PEER4), client.getLocalPort());
            assertThat(event.protocol()).isEqualTo("udp");
            assertThat(event.local()).as("the node's address decides").isEqualTo(local);
            assertThat(event.remote()).isEqualTo(remote);
            assertThat(event.id()).isEqualTo(ConnectionIds.id("udp", local, remote));
            assertThat(event.bytes()).isEqualTo(UDP4_OVERHEAD + 100);

            TrackedConnection connection = await(() -> find(tracker, event.id()).filter(c -> c.packets() == 6));
            assertThat(connection.bytes()).isEqualTo(6L * (UDP4_OVERHEAD + 100));
            assertThat(connection.local()).isEqualTo(local);
        }
    }

    @Test
    void onLoopbackEachPacketCountsOnceAndTheInitiatorIsLocal() throws Exception {
        // The node namespace's own lo: ifindex 1 in every namespace.
        tracker = inNode(() -> TcConnectionTracker.start(List.of(new TrackedInterface("lo", 1, true)),
                ConntrackProgram.Settings.DEFAULT, Duration.ofMinutes(5), Set::of, KernelClock.SYSTEM));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket server = inNode(() -> new DatagramSocket(new InetSocketAddress(loopback, 7003)));
             DatagramSocket client = inNode(() -> new DatagramSocket(new InetSocketAddress(loopback, 0)))) {
            server.setSoTimeout((int) WAIT.toMillis());
            for (int i = 0; i < 3; i++) {
                client.send(new DatagramPacket(new byte[20], 20, new InetSocketAddress(loopback, 7003)));
                server.receive(new DatagramPacket(new byte[64], 64));
            }
            InetSocketAddress initiator = new InetSocketAddress(loopback, client.getLocalPort());
            long id = ConnectionIds.id("udp", initiator, new InetSocketAddress(loopback, 7003));
            TrackedConnection connection = await(() -> find(tracker, id).filter(c -> c.packets() >= 3));
            assertThat(connection.packets()).as("egress only: not once more at the ingress").isEqualTo(3);
            assertThat(connection.local()).isEqualTo(initiator);
        }
    }

    @Test
    void idleEntriesAreCollected() throws Exception {
        InetAddress nodeAddress = InetAddress.getByName(NODE4);
        start(Duration.ofSeconds(1), Set.of(nodeAddress));
        long id;
        try (DatagramSocket client = inPeer(() -> new DatagramSocket(new InetSocketAddress(PEER4, 0)))) {
            client.send(new DatagramPacket(new byte[10], 10, new InetSocketAddress(nodeAddress, 7002)));
            id = ConnectionIds.id("udp", new InetSocketAddress(nodeAddress, 7002), (InetSocketAddress) client.getLocalSocketAddress());
        }
        await(() -> find(tracker, id));
        // The collector runs every second (a quarter of the timeout, at least 1 s): gone within a few.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (find(tracker, id).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(find(tracker, id)).as("collected after 1 s idle").isEmpty();
    }

    @Test
    void closingDetachesEverything() throws Exception {
        start(Duration.ofMinutes(5), Set.of());
        assertThat(programs()).as("loaded while the tracker runs").contains("conntrack_ingress", "conntrack_egress");
        List<BpfLink> links = tracker.links();
        assertThat(links).hasSize(2);
        tracker.close();
        tracker = null;
        assertThat(links).allMatch(BpfLink::closed);
        // A link left attached would hold its program in the kernel; the programs going away shows none was.
        // (This bpftool predates TCX and cannot list the links themselves.)
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (programs().contains("conntrack_") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(programs()).as("no conntrack program left in the kernel").doesNotContain("conntrack_");
    }

    /** The names of every eBPF program in the kernel (only this module's tests load the conntrack ones). */
    private static String programs() {
        return Commands.check("bpftool", "prog", "show");
    }

    private static <T> T await(Callable<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Optional<T> value = probe.call();
        while (value.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = probe.call();
        }
        return value.orElseThrow(() -> new AssertionError("not within " + WAIT));
    }

    private static void readFully(InputStream in, int count) throws Exception {
        byte[] buffer = new byte[count];
        int read = 0;
        while (read < count) {
            int n = in.read(buffer, read, count - read);
            if (n < 0) {
                throw new AssertionError("the stream ended after " + read + " of " + count + " bytes");
            }
            read += n;
        }
    }
}
