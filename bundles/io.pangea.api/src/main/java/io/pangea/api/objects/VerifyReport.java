package io.pangea.api.objects;

import java.util.List;

/**
 * What a verification found.
 *
 * @param segments             segments of the object
 * @param shardsChecked        shards read and checked
 * @param faults               every shard that was missing or did not match the manifest
 * @param unrecoverableSegments segments with fewer than K good shards: the file cannot be rebuilt
 */
public record VerifyReport(String fileId, String name, long size, long segments, long shardsChecked,
                           List<ShardFault> faults, List<Long> unrecoverableSegments) {

    public VerifyReport {
        faults = List.copyOf(faults);
        unrecoverableSegments = List.copyOf(unrecoverableSegments);
    }

    /** Every shard is present and intact. */
    public boolean healthy() {
        return faults.isEmpty();
    }

    /** Every segment still has K good shards, so the file can be rebuilt. */
    public boolean readable() {
        return unrecoverableSegments.isEmpty();
    }

    /**
     * One bad shard.
     *
     * @param shard     its index: 0..K-1 data, K..K+M-1 parity
     * @param problem   what was wrong, for example {@code payload hash mismatch} or {@code missing}
     * @param rebuilt   it was recomputed from the good shards of its segment and matches the manifest again
     * @param rewritten the rebuilt shard was written back (verification with repair)
     */
    public record ShardFault(long segment, int shard, String problem, boolean rebuilt, boolean rewritten) {
    }
}
