package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.BpfObject;
import io.pangea.bpf.BpfProgram;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.TestRun;
import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import io.pangea.guard.userspace.internal.UserspaceGuard;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast each guard drops a denied source's packets to the node's port, measured in one run on one machine:
 * <ul>
 *   <li>the XDP guard program, run by the kernel on the frame in a loop (BPF_PROG_TEST_RUN) and as live frames
 *       arriving on the node end of a veth pair (BPF_F_TEST_XDP_LIVE_FRAMES), where XDP_DROP drops them;</li>
 *   <li>an nftables rule dropping the same source and port, at the netdev ingress hook and at the ip prerouting
 *       hook, loaded by the same live frames through a program that passes them to the stack;</li>
 *   <li>the user-space guard behind a UDP socket that receives the same frames and asks {@code admits} for each.</li>
 * </ul>
 * Every contender of the live kind shares one injector, whose own cost is measured too (a program that drops
 * every frame at once) and reported apart, so that what each contender adds per packet can be compared as well.
 * Rates are frames over wall time, medians of several rounds, on the injecting CPU (one core). The namespaces and
 * the pair are the benchmark's own; only TEST-NET addresses. {@code -Dpangea.bench.frames=} sets the frames per
 * round (default 2,000,000), {@code -Dpangea.bench.rounds=} the rounds (default 5).
 */
@Tag("benchmark")
class GuardDropRateBenchmarkTest {
    private static final String NODE = "198.51.100.1";
    private static final String DENIED = "198.51.100.66";
    private static final int PORT = 7000;
    private static final int FRAMES = Integer.getInteger("pangea.bench.frames", 2_000_000);
    private static final int ROUNDS = Integer.getInteger("pangea.bench.rounds", 5);
    private static final GuardRules RULES = new GuardRules(GuardMode.DENY_LIST, Set.of(),
            Set.of(AddressPrefix.parse(DENIED)), Set.of(PORT), 0);
    private static final Pattern NFT_COUNTER = Pattern.compile("counter packets (\\d+)");

    private final Map<String, Double> mpps = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    void dropRateOfXdpAgainstNftablesAndUserSpace() throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated();
             GuardProgram guard = GuardProgram.load(GuardProgram.Settings.DEFAULT);
             BpfObject injectors = Bpf.open("bench_inject", elf("/bpf/bench_inject.bpf.o"))) {
            veth.nodeAddress(NODE + "/24");
            String namespace = veth.nodeNamespace().orElseThrow();
            int ifindex = veth.nodeIndex();
            byte[] frame = Frames.from(DENIED, NODE).macs(veth.nodeMac(), veth.peerMac()).udp(PORT);
            guard.apply(RULES);
            injectors.load();
            BpfProgram pass = injectors.program("inject_pass");
            BpfProgram drop = injectors.program("inject_drop");
            assertThat(guard.verdict(frame)).as("the guard drops the benchmark's frame").isEqualTo(1);

            // (a) the XDP guard
            mpps.put("XDP guard, BPF_PROG_TEST_RUN", median(() -> 1e3 / guard.program().testRun(frame, FRAMES)
                    .nanosPerRun()));
            long deniedBefore = guard.counters().droppedDenied();
            mpps.put("XDP guard, live frames", median(() -> live(namespace, guard.program(), frame, ifindex)));
            assertThat(guard.counters().droppedDenied() - deniedBefore).as("every live frame was dropped as denied")
                    .isEqualTo((long) FRAMES * (ROUNDS + 1));
            mpps.put("injector alone (live, XDP_DROP)", median(() -> live(namespace, drop, frame, ifindex)));

            // (b) nftables
            if (nftMissing().isPresent()) {
                notes.add("NFTABLES NOT MEASURED: " + nftMissing().get());
                System.err.println("\n!!! BENCHMARK PART SKIPPED: nftables: " + nftMissing().get() + " !!!\n");
            } else {
                nft(namespace, "add table netdev pgbench",
                        "add chain netdev pgbench in { type filter hook ingress device " + veth.node()
                                + " priority 0 ; }",
                        "add rule netdev pgbench in ip saddr " + DENIED + " udp dport " + PORT + " counter drop");
                mpps.put("nftables, netdev ingress", median(() -> live(namespace, pass, frame, ifindex)));
                assertThat(nftDropped(namespace, "netdev pgbench in")).as("the rule dropped every frame")
                        .isEqualTo((long) FRAMES * (ROUNDS + 1));
                nft(namespace, "delete table netdev pgbench", "add table ip pgbench",
                        "add chain ip pgbench pre { type filter hook prerouting priority -300 ; }",
                        "add rule ip pgbench pre ip saddr " + DENIED + " udp dport " + PORT + " counter drop");
                mpps.put("nftables, ip prerouting (raw)", median(() -> live(namespace, pass, frame, ifindex)));
                assertThat(nftDropped(namespace, "ip pgbench pre")).as("the rule dropped every frame")
                        .isEqualTo((long) FRAMES * (ROUNDS + 1));
                nft(namespace, "delete table ip pgbench");
            }

            // (c) the user-space guard behind a UDP socket
            mpps.put("user-space guard, UDP socket + admits", userspace(namespace, pass, frame, ifindex));
        }
        report();
    }

    /** Injects {@code FRAMES} live frames through {@code program} on the node end: frames per microsecond. */
    private static double live(String namespace, BpfProgram program, byte[] frame, int ifindex) throws Exception {
        return NetworkNamespace.run(namespace, () -> {
            long start = System.nanoTime();
            program.testRunLive(frame, ifindex, FRAMES);
            return FRAMES * 1e3 / (System.nanoTime() - start);
        });
    }

    /**
     * The socket's receiver judges every datagram with the user-space guard while the injector keeps its queue
     * full: the datagrams judged (all refused) per microsecond, while the injector runs, median of the rounds.
     */
    private double userspace(String namespace, BpfProgram pass, byte[] frame, int ifindex) throws Exception {
        UserspaceGuard guard = new UserspaceGuard(65536, true, System::nanoTime);
        guard.apply(RULES);
        DatagramChannel channel = NetworkNamespace.run(namespace, () -> {
            DatagramChannel c = DatagramChannel.open();
            c.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            c.bind(new InetSocketAddress(NODE, PORT));
            return c;
        });
        AtomicLong refused = new AtomicLong();
        AtomicLong admitted = new AtomicLong();
        Thread receiver = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            try {
                while (true) {
                    buffer.clear();
                    SocketAddress source = channel.receive(buffer);
                    if (guard.admits((InetSocketAddress) source, PORT)) {
                        admitted.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                }
            } catch (ClosedChannelException closed) {
                // the benchmark is over
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "user-space guard receiver");
        receiver.setDaemon(true);
        receiver.start();
        try {
            double median = median(() -> {
                long judgedBefore = refused.get();
                long start = System.nanoTime();
                NetworkNamespace.run(namespace, () -> pass.testRunLive(frame, ifindex, FRAMES));
                long elapsed = System.nanoTime() - start;
                return (refused.get() - judgedBefore) * 1e3 / elapsed;
            });
            assertThat(admitted.get()).as("the user-space guard admitted none of the denied source's").isZero();
            assertThat(refused.get()).as("it refused what it received").isPositive();
            notes.add(String.format("user space judged %,d of %,d datagrams injected; the socket queue dropped the "
                    + "rest", refused.get(), (long) FRAMES * (ROUNDS + 1)));
            return median;
        } finally {
            channel.close();
            receiver.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** One warm-up round, then {@code ROUNDS}: their median. */
    private static double median(Measurement measurement) throws Exception {
        measurement.mpps();
        double[] rounds = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            rounds[i] = measurement.mpps();
        }
        java.util.Arrays.sort(rounds);
        return rounds[ROUNDS / 2];
    }

    @FunctionalInterface
    private interface Measurement {
        double mpps() throws Exception;
    }

    private static Optional<String> nftMissing() {
        Commands.Result version = Commands.run("nft", "--version");
        return version.ok() ? Optional.empty()
                : Optional.of("the nft command is missing (apt-get install nftables): " + version.output().strip());
    }

    private static void nft(String namespace, String... commands) {
        for (String command : commands) {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "nft"));
            argv.add(command);
            Commands.check(argv);
        }
    }

    private static long nftDropped(String namespace, String chain) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "nft", "list", "chain"));
        argv.addAll(List.of(chain.split(" ")));
        Matcher matcher = NFT_COUNTER.matcher(Commands.check(argv));
        assertThat(matcher.find()).as("a counter in chain " + chain).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private void report() {
        double injector = mpps.get("injector alone (live, XDP_DROP)");
        double xdpLive = mpps.get("XDP guard, live frames");
        StringBuilder out = new StringBuilder(String.format("%nGUARD DROP RATE: denied %s -> %s:%d UDP, %,d frames x %d "
                + "rounds (median), one injecting core%n", DENIED, NODE, PORT, FRAMES, ROUNDS));
        mpps.forEach((name, rate) -> {
            // The user-space guard's work is on the receiver's core, not the injector's: nothing to subtract.
            String added = name.startsWith("XDP guard, BPF") || name.startsWith("injector") ? ""
                    : name.startsWith("user-space") ? "   (the receiving thread's core)"
                    : String.format("   adds %6.1f ns/packet to the injector", 1e3 / rate - 1e3 / injector);
            out.append(String.format("  %-40s %6.2f Mpps%s%n", name, rate, added));
        });
        double userspace = mpps.get("user-space guard, UDP socket + admits");
        out.append(String.format("  XDP (live) / user space                  %6.1f x   (goal >= 7)%n", xdpLive / userspace));
        Double nft = mpps.get("nftables, netdev ingress");
        if (nft != null) {
            double best = Math.max(nft, mpps.get("nftables, ip prerouting (raw)"));
            out.append(String.format("  XDP (live) / nftables (its best hook)    %6.1f x   (goal >= 2)%n", xdpLive / best));
            out.append(String.format("  net of the injector: nftables adds %.1f ns/packet, the XDP guard %.1f ns: %.1f x%n",
                    1e3 / best - 1e3 / injector, 1e3 / xdpLive - 1e3 / injector,
                    (1e3 / best - 1e3 / injector) / Math.max(0.1, 1e3 / xdpLive - 1e3 / injector)));
        }
        notes.forEach(note -> out.append("  ").append(note).append(System.lineSeparator()));
        System.out.println(out);
    }

    private static byte[] elf(String resource) throws IOException {
        try (InputStream in = GuardDropRateBenchmarkTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path: build with Maven (src/test/bpf)");
            }
            return in.readAllBytes();
        }
    }
}
