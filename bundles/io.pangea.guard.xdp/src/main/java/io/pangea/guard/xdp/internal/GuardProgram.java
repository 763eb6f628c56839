package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.BpfMap;
import io.pangea.bpf.BpfObject;
import io.pangea.bpf.BpfProgram;
import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The loaded guard program (bpf/guard.bpf.c) and its maps, in the layout of that file's structs: rules are
 * written here, counters read here. Attaching is the caller's business ({@link #attach}).
 */
final class GuardProgram implements AutoCloseable {
    static final String RESOURCE = "/bpf/guard.bpf.o";
    static final String PROGRAM = "guard";
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int COUNTERS = 4;

    /** What is fixed at load: counting only, and the sizes of the rule tries and of the rate table. */
    record Settings(boolean enforce, int maxRules, int rateSources) {
        static final Settings DEFAULT = new Settings(true, 65536, 65536);
    }

    private final BpfObject object;
    private final BpfMap ports;
    private final BpfMap config;
    private final BpfMap allowV4;
    private final BpfMap denyV4;
    private final BpfMap allowV6;
    private final BpfMap denyV6;
    private final BpfMap counters;
    private final BpfMap rate;
    private long ratePerSecond;

    private GuardProgram(BpfObject object) {
        this.object = object;
        ports = object.map("guard_ports");
        config = object.map("guard_config");
        allowV4 = object.map("guard_allow_v4");
        denyV4 = object.map("guard_deny_v4");
        allowV6 = object.map("guard_allow_v6");
        denyV6 = object.map("guard_deny_v6");
        counters = object.map("guard_counters");
        rate = object.map("guard_rate");
    }

    /**
     * Opens the packaged program, sets it up and loads it; it guards nothing until attached and given rules.
     *
     * @throws io.pangea.bpf.BpfException when the kernel refuses it (rights, verifier)
     * @throws IOException when the program is not in the bundle
     */
    static GuardProgram load(Settings settings) throws IOException {
        BpfObject object = Bpf.open(PROGRAM, elf());
        try {
            object.setReadOnlyInt("dry_run", settings.enforce() ? 0 : 1);
            for (String trie : List.of("guard_allow_v4", "guard_deny_v4", "guard_allow_v6", "guard_deny_v6")) {
                object.map(trie).setMaxEntries(settings.maxRules());
            }
            object.map("guard_rate").setMaxEntries(settings.rateSources());
            object.load();
            return new GuardProgram(object);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    static byte[] elf() throws IOException {
        try (InputStream in = GuardProgram.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the guard program " + RESOURCE + " is not in the bundle");
            }
            return in.readAllBytes();
        }
    }

    XdpLink attach(int ifindex, XdpMode mode) {
        return object.program(PROGRAM).attachXdp(ifindex, mode);
    }

    /** The loaded program itself, to run it on frames (BPF_PROG_TEST_RUN) in tests and benchmarks. */
    BpfProgram program() {
        return object.program(PROGRAM);
    }

    /** Runs the program on one frame without attaching it (BPF_PROG_TEST_RUN): the XDP verdict. */
    int verdict(byte[] frame) {
        return object.program(PROGRAM).testRun(frame);
    }

    /**
     * Makes the maps hold {@code rules}. New rules go in before the mode changes and stale ones leave after it,
     * and the ports change last, so that every packet meanwhile meets the old rules, the new ones, or a mix of
     * both — never an empty rule set.
     *
     * @throws IllegalArgumentException when the rules do not fit (more than maxRules of a kind, bad ports)
     */
    synchronized void apply(GuardRules rules) {
        Map<ByteBuffer, byte[]> allow4 = prefixes(rules.allow(), true);
        Map<ByteBuffer, byte[]> deny4 = prefixes(rules.deny(), true);
        Map<ByteBuffer, byte[]> allow6 = prefixes(rules.allow(), false);
        Map<ByteBuffer, byte[]> deny6 = prefixes(rules.deny(), false);
        Map<ByteBuffer, byte[]> portEntries = ports(rules.ports());
        if (rules.rateLimitPerSecond() < 0) {
            throw new IllegalArgumentException("a rate limit is 0 (none) or positive, not " + rules.rateLimitPerSecond());
        }
        fits(allowV4, allow4, "IPv4 allow rules");
        fits(denyV4, deny4, "IPv4 deny rules");
        fits(allowV6, allow6, "IPv6 allow rules");
        fits(denyV6, deny6, "IPv6 deny rules");
        fits(ports, portEntries, "ports");

        put(allowV4, allow4);
        put(denyV4, deny4);
        put(allowV6, allow6);
        put(denyV6, deny6);
        config.update(u32(0), config(rules.mode(), rules.rateLimitPerSecond()));
        prune(allowV4, allow4);
        prune(denyV4, deny4);
        prune(allowV6, allow6);
        prune(denyV6, deny6);
        put(ports, portEntries);
        prune(ports, portEntries);
        if (rules.rateLimitPerSecond() != ratePerSecond) {
            // Budgets run ahead by up to a second of the old rate; each source starts afresh at the new one.
            prune(rate, Map.of());
            ratePerSecond = rules.rateLimitPerSecond();
        }
    }

    GuardCounters counters() {
        long[] sums = new long[COUNTERS];
        for (int i = 0; i < COUNTERS; i++) {
            sums[i] = counters.lookupPerCpu(u32(i)).orElseThrow().stream().mapToLong(GuardProgram::u64).sum();
        }
        return new GuardCounters(sums[0], sums[1], sums[2], sums[3]);
    }

    @Override
    public void close() {
        object.close();
    }

    private static void fits(BpfMap map, Map<ByteBuffer, byte[]> entries, String what) {
        if (entries.size() > map.maxEntries()) {
            throw new IllegalArgumentException(entries.size() + " " + what + " do not fit the guard's "
                    + map.maxEntries() + " (maxRules in etc/" + XdpGuardProvider.PID + ".cfg)");
        }
    }

    private static void put(BpfMap map, Map<ByteBuffer, byte[]> entries) {
        entries.forEach((key, value) -> map.update(key.array(), value));
    }

    private static void prune(BpfMap map, Map<ByteBuffer, byte[]> wanted) {
        for (byte[] key : map.keys()) {
            if (!wanted.containsKey(ByteBuffer.wrap(key))) {
                map.delete(key);
            }
        }
    }

    /** struct prefix_v4/prefix_v6 keys, each with struct rule {prefixlen} as its value. */
    static Map<ByteBuffer, byte[]> prefixes(Set<AddressPrefix> rules, boolean v4) {
        Predicate<AddressPrefix> family = rule -> rule.address() instanceof Inet4Address == v4;
        Map<ByteBuffer, byte[]> entries = new HashMap<>();
        for (AddressPrefix rule : rules.stream().filter(family).collect(Collectors.toList())) {
            byte[] address = rule.address().getAddress();
            byte[] key = ByteBuffer.allocate(4 + address.length).order(ORDER).putInt(rule.length()).put(address).array();
            entries.put(ByteBuffer.wrap(key), u32(rule.length()));
        }
        return entries;
    }

    /** guard_ports: __u16 port in host order → 1. */
    static Map<ByteBuffer, byte[]> ports(Set<Integer> ports) {
        Map<ByteBuffer, byte[]> entries = new HashMap<>();
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            entries.put(ByteBuffer.wrap(ByteBuffer.allocate(2).order(ORDER).putShort((short) port).array()),
                    new byte[]{1});
        }
        return entries;
    }

    /** struct guard_config {mode, reserved, rate_interval_ns, rate_burst_ns}: one second's worth of burst. */
    static byte[] config(GuardMode mode, long ratePerSecond) {
        long interval = 0;
        long burst = 0;
        if (ratePerSecond > 0) {
            interval = Math.max(1, SECOND_NS / ratePerSecond);
            burst = ratePerSecond >= SECOND_NS ? SECOND_NS : interval * ratePerSecond;
        }
        return ByteBuffer.allocate(24).order(ORDER).putInt(mode == GuardMode.ALLOW_LIST ? 1 : 0).putInt(0)
                .putLong(interval).putLong(burst).array();
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ORDER).putInt(value).array();
    }

    static long u64(byte[] value) {
        return ByteBuffer.wrap(value).order(ORDER).getLong();
    }
}
