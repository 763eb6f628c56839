package io.pangea.erasure.java.internal;

import io.pangea.api.erasure.ShardChecks;
import io.pangea.api.erasure.CodingTableCache;

import io.pangea.api.PangeaProvider;
import io.pangea.api.erasure.ErasureCoder;
import org.osgi.service.component.annotations.Component;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Objects;

/**
 * Cauchy Reed-Solomon over GF(2^8) in Java, byte for byte the code of ISA-L's {@code gf_gen_cauchy1_matrix}:
 * the fallback that is always there, ranked below the native coder.
 *
 * <p>Encoding is the special case of reconstruction where the data shards are present and the parity shards
 * missing, so both go through one path: choose the first K present shards, invert their rows of the encoding
 * matrix, and multiply the chosen shards by the rows that give each missing shard.
 */
@Component(property = "service.ranking:Integer=10")
@PangeaProvider(capability = "erasure", provider = "java", codec = JavaReedSolomonCoder.CODEC)
public class JavaReedSolomonCoder implements ErasureCoder {
    static final String CODEC = "rs-cauchy-gf256";
    /** Expanded tables kept across calls: per (K, M) for encoding, per erasure pattern for decoding. */
    private static final long TABLE_BUDGET = 16L << 20;

    private final CodingTableCache<Pattern, StripeMultiplier> multipliers =
            new CodingTableCache<>(TABLE_BUDGET, StripeMultiplier::tableBytes);

    /** Which of K + M shards are present; the code's shape and the erasure pattern in one key. */
    record Pattern(int dataShards, int parityShards, BitSet present) {
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
        if (m == 0) {
            return;
        }
        BitSet present = new BitSet(k + m);
        present.set(0, k);
        multiplierFor(new Pattern(k, m, present)).multiply(data, parity, length);
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
        BitSet marks = new BitSet(shards.length);
        ByteBuffer[] chosen = new ByteBuffer[dataShards];
        ByteBuffer[] missing = new ByteBuffer[shards.length - count];
        int c = 0;
        int e = 0;
        for (int i = 0; i < shards.length; i++) {
            if (present[i]) {
                marks.set(i);
                if (c < dataShards) {
                    chosen[c++] = shards[i];
                }
            } else {
                ShardChecks.writable(shards[i], i, dataShards);
                missing[e++] = shards[i];
            }
        }
        multiplierFor(new Pattern(dataShards, shards.length - dataShards, marks)).multiply(chosen, missing, length);
    }

    private StripeMultiplier multiplierFor(Pattern pattern) {
        return multipliers.get(pattern, JavaReedSolomonCoder::decodingMultiplier);
    }

    /**
     * The rows that rebuild each missing shard from the first K present ones: a missing data shard's row of the
     * inverted submatrix, or a missing parity shard's encoding row times that inverse.
     */
    static StripeMultiplier decodingMultiplier(Pattern pattern) {
        int k = pattern.dataShards();
        int n = k + pattern.parityShards();
        byte[][] encoding = GfMatrix.cauchy(k, pattern.parityShards());
        byte[][] submatrix = new byte[k][];
        int c = 0;
        for (int i = pattern.present().nextSetBit(0); c < k; i = pattern.present().nextSetBit(i + 1)) {
            submatrix[c++] = encoding[i];
        }
        byte[][] inverse = GfMatrix.invert(submatrix);
        byte[][] rows = new byte[n - pattern.present().cardinality()][];
        int e = 0;
        for (int i = pattern.present().nextClearBit(0); i < n; i = pattern.present().nextClearBit(i + 1)) {
            rows[e++] = i < k ? inverse[i] : GfMatrix.times(encoding[i], inverse);
        }
        return new StripeMultiplier(rows, k);
    }
}
