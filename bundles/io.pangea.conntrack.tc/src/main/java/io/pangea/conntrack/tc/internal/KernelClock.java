package io.pangea.conntrack.tc.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Turns the program's timestamps (bpf_ktime_get_ns: CLOCK_MONOTONIC, nanoseconds since boot, not counting
 * suspend) into instants. {@link System#nanoTime()} reads the same clock on Linux, so the difference between it
 * and a timestamp is the timestamp's age, which is subtracted from the wall clock now.
 */
final class KernelClock {
    static final KernelClock SYSTEM = new KernelClock(Clock.systemUTC(), System::nanoTime);

    private final Clock wall;
    private final LongSupplier monotonic;

    KernelClock(Clock wall, LongSupplier monotonic) {
        this.wall = wall;
        this.monotonic = monotonic;
    }

    /** The kernel's monotonic time now, comparable with the program's timestamps. */
    long nowNanos() {
        return monotonic.getAsLong();
    }

    Instant instant(long kernelNanos) {
        long age = monotonic.getAsLong() - kernelNanos;
        return wall.instant().minusNanos(age);
    }
}
