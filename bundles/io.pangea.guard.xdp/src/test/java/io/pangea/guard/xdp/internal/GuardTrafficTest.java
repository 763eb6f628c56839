package io.pangea.guard.xdp.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.guard.GuardCounters;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.XdpAttachment;
import io.pangea.bpf.XdpMode;
import io.pangea.bpf.testing.HostLock;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real packets over a veth pair between two namespaces of the test's own: the peer namespace sends from TEST-NET
 * sources, the guard sits on the node end in the node namespace, in generic and in native mode, and the node's
 * sockets there count what arrives. This JVM's own namespace gets no address, route or interface: the guard is
 * attached and the sockets are opened from a thread inside the node namespace ({@link NetworkNamespace#run}).
 */
class GuardTrafficTest {
    // One /24 and one /64, on-link on the pair, so neither namespace needs a route beyond the pair's own.
    static final String NODE4 = "198.51.100.1";
    static final String NODE6 = "2001:db8:ff::1";
    static final String GOOD4 = "198.51.100.10";
    static final String BAD4 = "198.51.100.66";
    static final String OTHER4 = "198.51.100.130";
    static final String GOOD6 = "2001:db8:ff::10";
    static final String BAD6 = "2001:db8:ff:0:bad::66";
    static final int NODE_PORT = 7000;
    static final int OTHER_PORT = 7001;
    static final int BURST = 25;

    private static HostLock lock;
    private static VethPair veth;
    private static Sender sender;
    private static List<Receiver> receivers;
    private static Receiver node4;
    private static Receiver other4;
    private static Receiver node6;
    private static Receiver other6;

    private XdpGuard guard;

    @BeforeAll
    static void network() throws Exception {
        KernelTests.assume();
        lock = HostLock.acquire(Duration.ofMinutes(5));
        veth = VethPair.isolated();
        veth.nodeAddress(NODE4 + "/24");
        veth.nodeAddress(NODE6 + "/64");
        for (String source : List.of(GOOD4, BAD4, OTHER4)) {
            veth.peerAddress(source + "/24");
            veth.nodeNeighbour(source, veth.peerMac());
        }
        for (String source : List.of(GOOD6, BAD6)) {
            veth.peerAddress(source + "/64");
            veth.nodeNeighbour(source, veth.peerMac());
        }
        veth.peerNeighbour(NODE4, veth.nodeMac());
        veth.peerNeighbour(NODE6, veth.nodeMac());
        receivers = inNode(() -> List.of(new Receiver(NODE4, NODE_PORT), new Receiver(NODE4, OTHER_PORT),
                new Receiver(NODE6, NODE_PORT), new Receiver(NODE6, OTHER_PORT)));
        node4 = receivers.get(0);
        other4 = receivers.get(1);
        node6 = receivers.get(2);
        other6 = receivers.get(3);
        sender = Sender.startIn(veth);
    }

    @AfterAll
    static void teardown() throws Exception {
        try {
            if (sender != null) {
                sender.close();
            }
            if (receivers != null) {
                for (Receiver receiver : receivers) {
                    receiver.close();
                }
            }
        } finally {
            if (veth != null) {
                veth.close();
            }
            if (lock != null) {
                lock.close();
            }
        }
    }

    @BeforeEach
    void clearReceivers() {
        receivers.forEach(Receiver::reset);
    }

    @AfterEach
    void detach() throws Exception {
        if (guard != null) {
            guard.close();
            assertThat(attachment()).as("nothing attached after close").isEmpty();
        }
    }

    /** Runs {@code task} on a thread inside the node namespace. */
    private static <T> T inNode(Callable<T> task) throws Exception {
        return NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), task);
    }

    /** What is attached to the node end, asked inside the node namespace. */
    private static Optional<XdpAttachment> attachment() throws Exception {
        int ifindex = veth.nodeIndex();
        return inNode(() -> Bpf.xdpAttachment(ifindex));
    }

    private void attach(XdpMode mode) throws Exception {
        AttachMode attachMode = mode == XdpMode.NATIVE ? AttachMode.NATIVE : AttachMode.GENERIC;
        int ifindex = veth.nodeIndex();
        guard = inNode(() -> XdpGuard.start(List.of(new GuardInterfaces.Interface(veth.node(), ifindex)), attachMode,
                GuardProgram.Settings.DEFAULT));
        XdpAttachment attachment = attachment().orElseThrow();
        assertThat(attachment.mode()).isEqualTo(mode);
        assertThat(veth.nodeDetails()).contains(mode == XdpMode.GENERIC ? "xdpgeneric" : "xdp ");
    }

    /** Waits at most 5 s for the counters to reach {@code expected} (every packet was judged): the counters then. */
    private GuardCounters awaitCounters(GuardCounters expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        GuardCounters counters = guard.counters();
        while (!counters.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            counters = guard.counters();
        }
        return counters;
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void deniedSourceIsDroppedAllowedPassesOtherPortsUntouched(XdpMode mode) throws Exception {
        attach(mode);
        guard.apply(Rules.denyList(NODE_PORT).deny(BAD4).build());

        sender.udp(BAD4, NODE4, NODE_PORT, BURST);
        sender.udp(GOOD4, NODE4, NODE_PORT, BURST);
        sender.udp(BAD4, NODE4, OTHER_PORT, BURST);

        assertThat(awaitCounters(new GuardCounters(BURST, BURST, 0, 0))).isEqualTo(new GuardCounters(BURST, BURST, 0, 0));
        assertThat(node4.awaitDatagrams(GOOD4, BURST)).isEqualTo(BURST);
        assertThat(other4.awaitDatagrams(BAD4, BURST)).as("a denied source, to a port not the node's").isEqualTo(BURST);
        assertThat(node4.datagramsFrom(BAD4)).as("a denied source, to the node's port").isZero();
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void prefixesOfBothFamilies(XdpMode mode) throws Exception {
        attach(mode);
        guard.apply(Rules.denyList(NODE_PORT).deny("198.51.100.64/26", "2001:db8:ff:0:bad::/80").build());

        sender.udp(BAD4, NODE4, NODE_PORT, BURST);
        sender.udp(OTHER4, NODE4, NODE_PORT, BURST);
        sender.udp(BAD6, NODE6, NODE_PORT, BURST);
        sender.udp(GOOD6, NODE6, NODE_PORT, BURST);
        sender.udp(BAD6, NODE6, OTHER_PORT, BURST);

        GuardCounters expected = new GuardCounters(2 * BURST, 2 * BURST, 0, 0);
        assertThat(awaitCounters(expected)).isEqualTo(expected);
        assertThat(node4.awaitDatagrams(OTHER4, BURST)).isEqualTo(BURST);
        assertThat(node6.awaitDatagrams(GOOD6, BURST)).isEqualTo(BURST);
        assertThat(other6.awaitDatagrams(BAD6, BURST)).isEqualTo(BURST);
        assertThat(node4.datagramsFrom(BAD4)).isZero();
        assertThat(node6.datagramsFrom(BAD6)).isZero();
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void allowListDropsUnknownSourcesAtTheNodesPortsOnly(XdpMode mode) throws Exception {
        attach(mode);
        guard.apply(Rules.allowList(NODE_PORT).allow(GOOD4, "2001:db8:ff::/112").build());

        sender.udp(GOOD4, NODE4, NODE_PORT, BURST);
        sender.udp(GOOD6, NODE6, NODE_PORT, BURST);
        sender.udp(BAD4, NODE4, NODE_PORT, BURST);
        sender.udp(BAD6, NODE6, NODE_PORT, BURST);
        sender.udp(BAD4, NODE4, OTHER_PORT, BURST);
        sender.udp(BAD6, NODE6, OTHER_PORT, BURST);

        GuardCounters expected = new GuardCounters(2 * BURST, 0, 2 * BURST, 0);
        assertThat(awaitCounters(expected)).isEqualTo(expected);
        assertThat(node4.awaitDatagrams(GOOD4, BURST)).isEqualTo(BURST);
        assertThat(node6.awaitDatagrams(GOOD6, BURST)).isEqualTo(BURST);
        assertThat(other4.awaitDatagrams(BAD4, BURST)).isEqualTo(BURST);
        assertThat(other6.awaitDatagrams(BAD6, BURST)).isEqualTo(BURST);
        assertThat(node4.datagramsFrom(BAD4)).isZero();
        assertThat(node6.datagramsFrom(BAD6)).isZero();
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void tcpConnectionsOfDeniedSourcesNeverOpen(XdpMode mode) throws Exception {
        attach(mode);
        guard.apply(Rules.denyList(NODE_PORT).deny(BAD4, BAD6).build());

        assertThat(sender.tcp(GOOD4, NODE4, NODE_PORT, 3000)).as("allowed over IPv4").isTrue();
        assertThat(sender.tcp(GOOD6, NODE6, NODE_PORT, 3000)).as("allowed over IPv6").isTrue();
        assertThat(sender.tcp(BAD4, NODE4, NODE_PORT, 500)).as("denied over IPv4").isFalse();
        assertThat(sender.tcp(BAD6, NODE6, NODE_PORT, 500)).as("denied over IPv6").isFalse();
        assertThat(sender.tcp(BAD4, NODE4, OTHER_PORT, 3000)).as("denied, to another port").isTrue();

        GuardCounters counters = guard.counters();
        assertThat(counters.droppedDenied()).as("the SYNs, maybe retransmitted").isBetween(2L, 6L);
        assertThat(node4.connectionsFrom(BAD4)).isZero();
        assertThat(node6.connectionsFrom(BAD6)).isZero();
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void rateLimitHoldsASourceToItsRate(XdpMode mode) throws Exception {
        attach(mode);
        guard.apply(Rules.denyList(NODE_PORT).rate(10).build());

        long start = System.nanoTime();
        sender.udp(GOOD4, NODE4, NODE_PORT, 40);
        double sendingSeconds = (System.nanoTime() - start) / 1e9;
        sender.udp(GOOD6, NODE6, NODE_PORT, 5);

        long deadline = System.nanoTime() + 5_000_000_000L;
        GuardCounters counters = guard.counters();
        while (counters.passed() + counters.droppedRate() < 45 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            counters = guard.counters();
        }
        assertThat(counters.passed() + counters.droppedRate()).isEqualTo(45);
        // one second's worth at once, plus what refilled (10 a second) while the 40 were being sent
        assertThat(counters.passed() - 5).isBetween(10L, 10L + (long) Math.ceil(10 * sendingSeconds) + 1);
        assertThat(counters.droppedRate()).isPositive();
        assertThat(node6.awaitDatagrams(GOOD6, 5)).as("another source has its own budget").isEqualTo(5);
        int passed4 = (int) counters.passed() - 5;
        assertThat(node4.awaitDatagrams(GOOD4, passed4)).isEqualTo(passed4);
        Thread.sleep(100);
        assertThat(node4.datagramsFrom(GOOD4)).as("nothing beyond the rate arrives").isEqualTo(passed4);
    }
}
