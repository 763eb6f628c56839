package io.pangea.objects.internal;

import io.pangea.api.compression.Compressor;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * The seed's adaptive compression level: a high-end machine (8 cores, 16 GiB usable) compresses harder
 * (level 9), a mid-range one (4 cores, 4 GiB) at 6, a low-end one at 3 — and a busy machine backs off, because a
 * put must not starve the node: with the load average at half a runnable task per core the level drops by a
 * third, at one per core to the cheapest level. The target is clamped per segment to the compressor's levels.
 */
final class CompressionLevelPolicy {
    static final int HIGH_END = 9;
    static final int MID_RANGE = 6;
    static final int LOW_END = 3;
    static final int CHEAPEST = 1;

    private final DoubleSupplier loadAverage;

    /** @param loadAverage the one-minute system load average; negative when the platform does not tell */
    CompressionLevelPolicy(DoubleSupplier loadAverage) {
        this.loadAverage = loadAverage;
    }

    static CompressionLevelPolicy system() {
        return new CompressionLevelPolicy(ManagementFactory.getOperatingSystemMXBean()::getSystemLoadAverage);
    }

    /** The level to aim at for one put on this machine now. */
    int target(int cores, long usableMemory) {
        int level;
        if (cores >= 8 && usableMemory >= 16L << 30) {
            level = HIGH_END;
        } else if (cores >= 4 && usableMemory >= 4L << 30) {
            level = MID_RANGE;
        } else {
            level = LOW_END;
        }
        double load = loadAverage.getAsDouble();
        double perCore = load < 0 ? 0 : load / Math.max(1, cores);
        if (perCore >= 1.0) {
            return CHEAPEST;
        }
        if (perCore >= 0.5) {
            return Math.max(CHEAPEST, level - (level + 2) / 3);
        }
        return level;
    }

    /** The level within what the compressor accepts. */
    static int clamp(int level, Compressor.Levels levels) {
        return Math.max(levels.min(), Math.min(levels.max(), level));
    }
}
