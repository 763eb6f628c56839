package io.pangea.guard.userspace.internal;

import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;

import java.util.BitSet;

/**
 * One rule set ready to judge with: the node's ports, the four prefix tables and the rate limit. Immutable but
 * for the rate limiter's per-source state, which a new rule set with the same rate carries over.
 */
final class CompiledRules {
    static final CompiledRules NONE = new CompiledRules(GuardMode.DENY_LIST, new BitSet(), PrefixTable.EMPTY,
            PrefixTable.EMPTY, PrefixTable.EMPTY, PrefixTable.EMPTY, null);

    final GuardMode mode;
    private final BitSet ports;
    final PrefixTable allowV4;
    final PrefixTable denyV4;
    final PrefixTable allowV6;
    final PrefixTable denyV6;
    /** Null when there is no rate limit. */
    final RateLimiter rate;

    private CompiledRules(GuardMode mode, BitSet ports, PrefixTable allowV4, PrefixTable denyV4,
            PrefixTable allowV6, PrefixTable denyV6, RateLimiter rate) {
        this.mode = mode;
        this.ports = ports;
        this.allowV4 = allowV4;
        this.denyV4 = denyV4;
        this.allowV6 = allowV6;
        this.denyV6 = denyV6;
        this.rate = rate;
    }

    /**
     * Compiles the rules; the rate state of {@code previous} is kept when the rate did not change, so that
     * re-applying the same rules does not hand every source a fresh budget.
     *
     * @throws IllegalArgumentException for a port outside 1..65535 or a negative rate
     */
    static CompiledRules compile(GuardRules rules, CompiledRules previous, int rateSources,
            java.util.function.LongSupplier clock) {
        BitSet ports = new BitSet(65536);
        for (int port : rules.ports()) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            ports.set(port);
        }
        long perSecond = rules.rateLimitPerSecond();
        if (perSecond < 0) {
            throw new IllegalArgumentException("a rate limit is 0 (none) or positive, not " + perSecond);
        }
        RateLimiter rate = null;
        if (perSecond > 0) {
            rate = previous.rate != null && previous.rate.ratePerSecond() == perSecond
                    ? previous.rate : new RateLimiter(perSecond, rateSources, clock);
        }
        return new CompiledRules(rules.mode(), ports, PrefixTable.of(rules.allow(), true),
                PrefixTable.of(rules.deny(), true), PrefixTable.of(rules.allow(), false),
                PrefixTable.of(rules.deny(), false), rate);
    }

    boolean judges(int localPort) {
        return localPort >= 1 && localPort <= 65535 && ports.get(localPort);
    }
}
