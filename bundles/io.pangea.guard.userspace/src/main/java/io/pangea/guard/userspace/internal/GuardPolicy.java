package io.pangea.guard.userspace.internal;

import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;

import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The guard's decision, the same as {@code bpf/guard.bpf.c} makes for a packet, made for a connection (or a
 * datagram) to one of the node's ports: a deny rule at least as specific as every matching allow rule refuses;
 * in allow-list mode a source no allow rule names is refused; what would be admitted is held to the per-source
 * rate. Anything to another port is admitted uncounted.
 * <p>
 * Thread-safe and lock-free on the admission path: the compiled rules are one immutable snapshot, replaced as a
 * whole by {@link #apply}, so a decision never sees half of two rule sets.
 */
final class GuardPolicy {
    enum Verdict { PASSED, DROPPED_DENIED, DROPPED_UNKNOWN, DROPPED_RATE, NOT_JUDGED }

    private final int rateSources;
    private final LongSupplier clock;
    private final boolean enforce;
    private volatile CompiledRules rules = CompiledRules.NONE;
    private final LongAdder passed = new LongAdder();
    private final LongAdder droppedDenied = new LongAdder();
    private final LongAdder droppedUnknown = new LongAdder();
    private final LongAdder droppedRate = new LongAdder();

    /**
     * @param rateSources how many sources the rate limit follows at once
     * @param enforce     false: count what would be refused, refuse nothing
     * @param clock       nanoseconds, monotonic
     */
    GuardPolicy(int rateSources, boolean enforce, LongSupplier clock) {
        if (rateSources < 1) {
            throw new IllegalArgumentException("rateSources must be positive, not " + rateSources);
        }
        this.rateSources = rateSources;
        this.enforce = enforce;
        this.clock = clock;
    }

    /** Replaces the rules atomically; invalid rules throw and leave the enforced ones as they were. */
    synchronized void apply(GuardRules newRules) {
        rules = CompiledRules.compile(newRules, rules, rateSources, clock);
    }

    /** Judges and counts; true when the source may go on talking to the port. */
    boolean admit(InetAddress source, int localPort) {
        Verdict verdict = judge(source, localPort);
        return verdict == Verdict.PASSED || verdict == Verdict.NOT_JUDGED || !enforce;
    }

    /** Judges and counts. */
    Verdict judge(InetAddress source, int localPort) {
        CompiledRules current = rules;
        if (!current.judges(localPort)) {
            return Verdict.NOT_JUDGED;
        }
        byte[] address = Addresses.judged(source);
        long hi = Addresses.hi(address);
        long lo = Addresses.lo(address);
        boolean v4 = Addresses.isV4(address);
        int allowed = (v4 ? current.allowV4 : current.allowV6).longestMatch(hi, lo);
        int denied = (v4 ? current.denyV4 : current.denyV6).longestMatch(hi, lo);
        if (denied >= 0 && denied >= allowed) {
            droppedDenied.increment();
            return Verdict.DROPPED_DENIED;
        }
        if (allowed < 0 && current.mode == GuardMode.ALLOW_LIST) {
            droppedUnknown.increment();
            return Verdict.DROPPED_UNKNOWN;
        }
        if (current.rate != null && !current.rate.tryAcquire(Addresses.rateHi(address), Addresses.rateLo(address))) {
            droppedRate.increment();
            return Verdict.DROPPED_RATE;
        }
        passed.increment();
        return Verdict.PASSED;
    }

    GuardCounters counters() {
        return new GuardCounters(passed.sum(), droppedDenied.sum(), droppedUnknown.sum(), droppedRate.sum());
    }

    @Override
    public String toString() {
        CompiledRules current = rules;
        return "user-space guard: " + current.mode + ", " + (current.allowV4.size() + current.allowV6.size())
                + " allow and " + (current.denyV4.size() + current.denyV6.size()) + " deny rules"
                + (current.rate == null ? "" : ", " + current.rate.ratePerSecond() + " per second per source")
                + (enforce ? "" : " (counting only)");
    }
}
