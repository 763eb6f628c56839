package io.pangea.api.erasure;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The argument checks of {@link ErasureCoder}, with messages that say what is wrong. Every provider uses these,
 * so that swapping providers changes no error a caller sees.
 */
public final class ShardChecks {
    public static final int MAX_SHARDS = 255;

    private ShardChecks() {
    }

    public static void counts(int dataShards, int parityShards) {
        if (dataShards < 1) {
            throw new IllegalArgumentException("K (data shards) must be at least 1, was " + dataShards);
        }
        if (parityShards < 0) {
            throw new IllegalArgumentException("M (parity shards) must not be negative, was " + parityShards);
        }
        if (dataShards + parityShards > MAX_SHARDS) {
            throw new IllegalArgumentException("K + M = " + (dataShards + parityShards) + " exceeds the maximum of "
                    + MAX_SHARDS + " shards (K = " + dataShards + ", M = " + parityShards + ")");
        }
    }

    /**
     * The checks of {@link ErasureCoder#encode}: the counts, equal lengths, writable parity.
     *
     * @return the shards' common length
     */
    public static int forEncoding(ByteBuffer[] data, ByteBuffer[] parity) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(parity, "parity");
        int k = data.length;
        int m = parity.length;
        counts(k, m);
        ByteBuffer[] shards = new ByteBuffer[k + m];
        System.arraycopy(data, 0, shards, 0, k);
        System.arraycopy(parity, 0, shards, k, m);
        int length = lengths(shards, k);
        for (int i = k; i < k + m; i++) {
            writable(shards[i], i, k);
        }
        return length;
    }

    /** Checks that every shard is there and all have the same remaining length, and returns it. */
    public static int lengths(ByteBuffer[] shards, int dataShards) {
        int length = -1;
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] == null) {
                throw new IllegalArgumentException(name(i, dataShards) + " is null");
            }
            int remaining = shards[i].remaining();
            if (length < 0) {
                length = remaining;
            } else if (remaining != length) {
                throw new IllegalArgumentException("shard lengths differ: " + name(i, dataShards) + " has "
                        + remaining + " bytes remaining, " + name(0, dataShards) + " has " + length);
            }
        }
        return length;
    }

    public static void writable(ByteBuffer shard, int index, int dataShards) {
        if (shard.isReadOnly()) {
            throw new IllegalArgumentException(name(index, dataShards) + " is read-only and cannot receive output");
        }
    }

    public static int present(boolean[] present, int shardCount, int dataShards) {
        if (present == null || present.length != shardCount) {
            throw new IllegalArgumentException("present marks " + (present == null ? "no" : present.length)
                    + " shards, expected one mark per shard (" + shardCount + ")");
        }
        int count = 0;
        for (boolean p : present) {
            if (p) {
                count++;
            }
        }
        if (count < dataShards) {
            throw new IllegalArgumentException("fewer than K shards present: " + count + " of " + shardCount
                    + " present, K = " + dataShards + " needed to reconstruct");
        }
        return count;
    }

    public static String name(int index, int dataShards) {
        return index < dataShards ? "data shard " + index : "parity shard " + (index - dataShards);
    }
}
