package io.pangea.erasure.isal.internal;

import io.pangea.api.erasure.ShardChecks;
import io.pangea.api.erasure.CodingTableCache;

import io.pangea.api.erasure.ErasureCoder;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cauchy Reed-Solomon through ISA-L. Encoding and reconstruction both end in one {@code ec_encode_data} call
 * over the shards where they lie: direct buffers by address, heap buffers pinned for the call. Shareable
 * between threads: the only state is the table cache.
 */
final class IsalErasureCoder implements ErasureCoder {
    static final String CODEC = "rs-cauchy-gf256";
    private static final long TABLE_BUDGET = 16L << 20;

    private final CodingTableCache<Pattern, ByteBuffer> tables = new CodingTableCache<>(TABLE_BUDGET, ByteBuffer::capacity);

    /** Which of K + M shards are present: the code's shape and the erasure pattern in one key. */
    record Pattern(int dataShards, int parityShards, boolean[] present) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Pattern that && dataShards == that.dataShards
                    && parityShards == that.parityShards && Arrays.equals(present, that.present);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * dataShards + parityShards) + Arrays.hashCode(present);
        }

        @Override
        public String toString() {
            return dataShards + "+" + parityShards + " present " + Arrays.toString(present);
        }
    }

    @Override
    public String codec() {
        return CODEC;
    }

    @Override
    public int maxShards() {
        return ShardChecks.MAX_SHARDS;
    }

    @Override
    public void encode(ByteBuffer[] data, ByteBuffer[] parity) {
        int length = ShardChecks.forEncoding(data, parity);
        int k = data.length;
        int m = parity.length;
        if (m == 0 || length == 0) {
            return;
        }
        boolean[] present = new boolean[k + m];
        Arrays.fill(present, 0, k, true);
        multiply(tablesFor(new Pattern(k, m, present)), length, data, parity);
    }

    @Override
    public void reconstruct(int dataShards, ByteBuffer[] shards, boolean[] present) {
        Objects.requireNonNull(shards, "shards");
        ShardChecks.counts(dataShards, shards.length - dataShards);
        int length = ShardChecks.lengths(shards, dataShards);
        int count = ShardChecks.present(present, shards.length, dataShards);
        if (count == shards.length) {
            return;
        }
        ByteBuffer[] chosen = new ByteBuffer[dataShards];
        ByteBuffer[] missing = new ByteBuffer[shards.length - count];
        int c = 0;
        int e = 0;
        for (int i = 0; i < shards.length; i++) {
            if (present[i]) {
                if (c < dataShards) {
                    chosen[c++] = shards[i];
                }
            } else {
                ShardChecks.writable(shards[i], i, dataShards);
                missing[e++] = shards[i];
            }
        }
        if (length == 0) {
            return;
        }
        multiply(tablesFor(new Pattern(dataShards, shards.length - dataShards, present.clone())), length,
                chosen, missing);
    }

    private ByteBuffer tablesFor(Pattern pattern) {
        return tables.get(pattern, IsalErasureCoder::expandTables);
    }

    private static ByteBuffer expandTables(Pattern pattern) {
        int k = pattern.dataShards();
        int m = pattern.parityShards();
        boolean encoding = true;
        int missing = 0;
        for (int i = 0; i < k + m; i++) {
            encoding &= pattern.present()[i] == (i < k);
            missing += pattern.present()[i] ? 0 : 1;
        }
        ByteBuffer expanded = ByteBuffer.allocateDirect(32 * k * missing);
        if (encoding) {
            IsalNative.encodingTables(k, m, expanded);
        } else if (!IsalNative.decodingTables(k, m, pattern.present(), expanded)) {
            throw new IllegalStateException("ISA-L found the decoding matrix of " + pattern + " singular");
        }
        return expanded;
    }

    private static void multiply(ByteBuffer expanded, int length, ByteBuffer[] sources, ByteBuffer[] targets) {
        Object[] in = new Object[sources.length];
        int[] inOffsets = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            locate(sources[i], in, inOffsets, i);
        }
        Object[] out = new Object[targets.length];
        int[] outOffsets = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            locate(targets[i], out, outOffsets, i);
        }
        IsalNative.multiply(length, sources.length, targets.length, expanded, in, inOffsets, out, outOffsets);
    }

    /**
     * Where the native side finds a shard: the buffer itself if direct, else its backing array. A read-only heap
     * buffer hides its array; such an input is copied (outputs were checked to be writable).
     */
    private static void locate(ByteBuffer buffer, Object[] places, int[] offsets, int i) {
        if (buffer.isDirect()) {
            places[i] = buffer;
            offsets[i] = buffer.position();
        } else if (buffer.hasArray()) {
            places[i] = buffer.array();
            offsets[i] = buffer.arrayOffset() + buffer.position();
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(buffer.position(), copy);
            places[i] = copy;
            offsets[i] = 0;
        }
    }
}
