package io.pangea.objects.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import io.pangea.api.facts.HardwareFacts;

import java.util.Optional;

/**
 * The resource-aware chunker of the seed: the segment size follows the memory the node can actually use —
 * the smaller of the machine's available memory and the JVM's maximum heap, so that a node started with a small
 * heap streams in small segments — and the number of segments in flight is what a quarter of that memory holds,
 * at most a few per core.
 */
final class Chunker {
    static final int LARGE_SEGMENT = 100 << 20;
    static final int MEDIUM_SEGMENT = 10 << 20;
    static final int TINY_SEGMENT = 64 << 10;
    static final long LARGE_ABOVE = 16L << 30;
    static final long MEDIUM_ABOVE = 4L << 30;
    /** The AEAD tags and nonces of the known ciphers are far shorter; room for any. */
    static final int SEAL_OVERHEAD = 64;
    /** A shard header is about 110 bytes plus the codec ids (at most 255 bytes each). */
    static final int HEADER_ROOM = 1024;

    private Chunker() {
    }

    enum Tier {
        LARGE, MEDIUM, TINY, CONFIGURED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * How a file is cut and how much of it is worked on at once.
     *
     * @param usableMemory     the memory the tier was chosen from
     * @param segmentsInFlight segments read, sealed or written at the same time (back-pressure beyond)
     */
    record Plan(Tier tier, int segmentSize, int segmentsInFlight, long usableMemory) {
    }

    /** min(memory.available, jvm.heap.max); the JVM's own maximum heap when the facts do not say. */
    static long usableMemory(Optional<HardwareFacts> facts) {
        long heap = fact(facts, FactNames.HEAP_MAX).orElse(Runtime.getRuntime().maxMemory());
        long available = fact(facts, FactNames.MEMORY_AVAILABLE).orElse(Long.MAX_VALUE);
        return Math.min(heap, available);
    }

    static int cores(Optional<HardwareFacts> facts) {
        return (int) Math.max(1, fact(facts, FactNames.CPU_CORES).orElse((long) Runtime.getRuntime().availableProcessors()));
    }

    private static Optional<Long> fact(Optional<HardwareFacts> facts, String name) {
        return facts.flatMap(f -> f.get(name)).map(Fact::asLong).filter(v -> v > 0);
    }

    /** The seed's tiers: more than 16 GiB 100 MiB segments, more than 4 GiB 10 MiB, else 64 KiB (streaming). */
    static Tier tier(long usableMemory) {
        if (usableMemory > LARGE_ABOVE) {
            return Tier.LARGE;
        }
        return usableMemory > MEDIUM_ABOVE ? Tier.MEDIUM : Tier.TINY;
    }

    static int segmentSize(Tier tier) {
        return switch (tier) {
            case LARGE -> LARGE_SEGMENT;
            case MEDIUM -> MEDIUM_SEGMENT;
            default -> TINY_SEGMENT;
        };
    }

    /**
     * @param configuredSegmentSize    0 for the tier's size
     * @param configuredInFlight       0 to derive it from the memory and the cores
     */
    static Plan plan(long usableMemory, int cores, int dataShards, int parityShards, int configuredSegmentSize,
                     int configuredInFlight) {
        Tier tier = configuredSegmentSize > 0 ? Tier.CONFIGURED : tier(usableMemory);
        int segmentSize = configuredSegmentSize > 0 ? configuredSegmentSize : segmentSize(tier);
        int inFlight = configuredInFlight > 0 ? configuredInFlight
                : inFlight(usableMemory, cores, footprint(segmentSize, dataShards, parityShards), segmentSize);
        return new Plan(tier, segmentSize, inFlight, usableMemory);
    }

    /**
     * A quarter of the usable memory over the footprint of one segment, at least 2 (one being read while one is
     * worked on). Small segments spend their time waiting on the disk rather than the CPU, so more of them may
     * be in flight: up to 8 per core below 1 MiB, else 2 per core plus 2.
     */
    static int inFlight(long usableMemory, int cores, long footprint, int segmentSize) {
        long byMemory = usableMemory / 4 / footprint;
        int byCores = segmentSize < (1 << 20) ? 8 * cores : 2 * cores + 2;
        return (int) Math.max(2, Math.min(byMemory, byCores));
    }

    /**
     * The most bytes of buffers one segment in flight holds, put or get: the plaintext, the compressed form, and
     * the K + M shards (with their headers on get, plus the contiguous sealed copy).
     */
    static long footprint(int segmentSize, int dataShards, int parityShards) {
        long shard = shardRoom(segmentSize, dataShards);
        long shards = (dataShards + parityShards) * (shard + HEADER_ROOM + 1);
        long compressed = compressedRoom(segmentSize);
        long put = segmentSize + compressed + shards;
        long get = shards + dataShards * shard + 2L * segmentSize;
        return Math.max(put, get);
    }

    /** The longest shard of a segment of this size: its sealed form, stored raw when compression does not pay. */
    static int shardRoom(int segmentSize, int dataShards) {
        return (int) Math.max(1, ((long) segmentSize + SEAL_OVERHEAD + dataShards - 1) / dataShards);
    }

    /** Room for the compressed form: zstd's bound is length + length / 256 + 64 KiB at most. */
    static int compressedRoom(int segmentSize) {
        return (int) Math.min(Integer.MAX_VALUE - 64, (long) segmentSize + segmentSize / 128 + (64 << 10));
    }
}
