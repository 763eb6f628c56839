package io.pangea.guard.userspace.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A packet rate per source, GCRA with one second of burst, exactly as {@code bpf/guard.bpf.c} computes it: each
 * source has the theoretical arrival time of its next packet; a packet costs one interval and may run ahead of
 * now by at most the burst. Thread-safe without a lock on the admission path (one compare-and-set per packet).
 * <p>
 * At most about {@code capacity} sources are followed. When the table is full, sources whose budget is whole
 * again are forgotten first — forgetting them changes nothing, a new source starts with a whole budget — and
 * only then, as the kernel's LRU map does, sources still in debt, which then start afresh.
 */
final class RateLimiter {
    static final long SECOND_NS = 1_000_000_000L;

    private final long ratePerSecond;
    private final long intervalNs;
    private final long burstNs;
    private final int capacity;
    private final LongSupplier clock;
    private final ConcurrentHashMap<Source, AtomicLong> theoreticalArrival = new ConcurrentHashMap<>();
    private final ReentrantLock eviction = new ReentrantLock();

    /** A source as the kernel keys it: 128 bits, IPv4 as ::ffff:a.b.c.d. */
    record Source(long hi, long lo) {
    }

    RateLimiter(long ratePerSecond, int capacity, LongSupplier clock) {
        if (ratePerSecond <= 0 || capacity < 1) {
            throw new IllegalArgumentException("a rate and a capacity are positive");
        }
        this.ratePerSecond = ratePerSecond;
        this.intervalNs = Math.max(1, SECOND_NS / ratePerSecond);
        this.burstNs = ratePerSecond >= SECOND_NS ? SECOND_NS : intervalNs * ratePerSecond;
        this.capacity = capacity;
        this.clock = clock;
    }

    long ratePerSecond() {
        return ratePerSecond;
    }

    /** True when the source may send one more packet now; charges it. */
    boolean tryAcquire(long hi, long lo) {
        long now = clock.getAsLong();
        Source source = new Source(hi, lo);
        AtomicLong cell = theoreticalArrival.get(source);
        if (cell == null) {
            if (theoreticalArrival.size() >= capacity) {
                evict(now);
            }
            cell = theoreticalArrival.computeIfAbsent(source, s -> new AtomicLong(now));
        }
        while (true) {
            long tat = cell.get();
            long next = Math.max(tat, now) + intervalNs;
            if (next - now > burstNs) {
                return false;
            }
            if (cell.compareAndSet(tat, next)) {
                return true;
            }
        }
    }

    int trackedSources() {
        return theoreticalArrival.size();
    }

    private void evict(long now) {
        // One thread sweeps; the others go on: the table may overshoot its capacity by the threads in flight.
        if (!eviction.tryLock()) {
            return;
        }
        try {
            theoreticalArrival.values().removeIf(tat -> tat.get() - now <= 0);
            Iterator<Map.Entry<Source, AtomicLong>> entries = theoreticalArrival.entrySet().iterator();
            int target = Math.max(0, capacity - Math.max(1, capacity / 8));
            while (theoreticalArrival.size() > target && entries.hasNext()) {
                entries.next();
                entries.remove();
            }
        } finally {
            eviction.unlock();
        }
    }
}
