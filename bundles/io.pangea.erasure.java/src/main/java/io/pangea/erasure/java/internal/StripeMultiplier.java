package io.pangea.erasure.java.internal;

import java.nio.ByteBuffer;

/**
 * Multiplies K input shards by an R × K coefficient matrix into R output shards: the one operation behind
 * both encoding (the parity rows of the Cauchy matrix) and decoding (rows of an inverted submatrix).
 *
 * <p>Output rows go in groups of eight. For each group and input shard a 256-entry {@code long} table maps an
 * input byte to its eight products, one per byte lane; summing the looked-up words of all inputs (XOR) gives
 * eight output bytes at once, which are then spread to their shards. A 10 + 4 encode thus costs one look-up per
 * input byte instead of four. Work goes in stripes of {@value #STRIPE} bytes so that the accumulators and the
 * tables stay in the first-level cache while the inputs stream past.
 *
 * <p>Instances are immutable and shared between threads; each call allocates its own small scratch space.
 */
final class StripeMultiplier {
    static final int STRIPE = 4096;
    private static final int LANES = 8;

    private final int inputs;
    private final int outputs;
    /** tables[g][d * 256 + b] packs coefficient[8g + lane][d] · b into byte {@code lane}. */
    private final long[][] tables;

    StripeMultiplier(byte[][] coefficients, int inputs) {
        this.inputs = inputs;
        this.outputs = coefficients.length;
        int groups = (outputs + LANES - 1) / LANES;
        tables = new long[groups][inputs * 256];
        long[] powers = new long[8];
        for (int g = 0; g < groups; g++) {
            long[] table = tables[g];
            for (int d = 0; d < inputs; d++) {
                // Multiplication by a constant is linear over GF(2): the product with b is the XOR of the
                // products with b's bits, so each entry derives from a smaller one and one power of two.
                for (int bit = 0; bit < 8; bit++) {
                    long packed = 0;
                    for (int lane = 0; lane < LANES && g * LANES + lane < outputs; lane++) {
                        int coefficient = coefficients[g * LANES + lane][d] & 0xff;
                        packed |= (long) Gf256.mul(coefficient, 1 << bit) << (8 * lane);
                    }
                    powers[bit] = packed;
                }
                int base = d * 256;
                for (int b = 1; b < 256; b++) {
                    table[base + b] = table[base + (b & (b - 1))] ^ powers[Integer.numberOfTrailingZeros(b)];
                }
            }
        }
    }

    int outputs() {
        return outputs;
    }

    /** The memory the tables hold, for the cache's budget. */
    long tableBytes() {
        return (long) tables.length * inputs * 256 * Long.BYTES;
    }

    /**
     * Writes the products into {@code targets}. Every buffer has {@code length} bytes remaining; positions
     * are not moved. Heap buffers are worked on in place, others through per-call scratch arrays.
     */
    void multiply(ByteBuffer[] sources, ByteBuffer[] targets, int length) {
        if (length == 0) {
            return;
        }
        int stripe = Math.min(STRIPE, length);
        long[] accumulators = new long[stripe];
        byte[][] in = new byte[inputs][];
        int[] inBase = new int[inputs];
        int[] inOffset = new int[inputs];
        for (int d = 0; d < inputs; d++) {
            ByteBuffer source = sources[d];
            if (source.hasArray()) {
                in[d] = source.array();
                inBase[d] = source.arrayOffset() + source.position();
            } else {
                in[d] = new byte[stripe];
                inBase[d] = -1;
            }
        }
        byte[][] out = new byte[outputs][];
        int[] outBase = new int[outputs];
        int[] outOffset = new int[outputs];
        for (int r = 0; r < outputs; r++) {
            ByteBuffer target = targets[r];
            if (target.hasArray()) {
                out[r] = target.array();
                outBase[r] = target.arrayOffset() + target.position();
            } else {
                out[r] = new byte[stripe];
                outBase[r] = -1;
            }
        }
        for (int start = 0; start < length; start += stripe) {
            int n = Math.min(stripe, length - start);
            for (int d = 0; d < inputs; d++) {
                if (inBase[d] < 0) {
                    sources[d].get(sources[d].position() + start, in[d], 0, n);
                } else {
                    inOffset[d] = inBase[d] + start;
                }
            }
            for (int r = 0; r < outputs; r++) {
                outOffset[r] = outBase[r] < 0 ? 0 : outBase[r] + start;
            }
            multiplyStripe(in, inOffset, out, outOffset, n, accumulators);
            for (int r = 0; r < outputs; r++) {
                if (outBase[r] < 0) {
                    targets[r].put(targets[r].position() + start, out[r], 0, n);
                }
            }
        }
    }

    private void multiplyStripe(byte[][] in, int[] inOffset, byte[][] out, int[] outOffset, int n, long[] acc) {
        for (int g = 0; g < tables.length; g++) {
            long[] t = tables[g];
            int d = 0;
            for (; d + 4 <= inputs; d += 4) {
                accumulate4(acc, n, d == 0, t, d * 256, in[d], inOffset[d], in[d + 1], inOffset[d + 1],
                        in[d + 2], inOffset[d + 2], in[d + 3], inOffset[d + 3]);
            }
            if (d + 2 <= inputs) {
                accumulate2(acc, n, d == 0, t, d * 256, in[d], inOffset[d], in[d + 1], inOffset[d + 1]);
                d += 2;
            }
            if (d < inputs) {
                accumulate1(acc, n, d == 0, t, d * 256, in[d], inOffset[d]);
            }
            int lanes = Math.min(LANES, outputs - g * LANES);
            for (int lane = 0; lane < lanes; lane++) {
                int r = g * LANES + lane;
                spread(acc, n, 8 * lane, out[r], outOffset[r]);
            }
        }
    }

    private static void accumulate4(long[] acc, int n, boolean first, long[] t, int base,
            byte[] a, int ao, byte[] b, int bo, byte[] c, int co, byte[] e, int eo) {
        int tb = base + 256;
        int tc = base + 512;
        int te = base + 768;
        if (first) {
            for (int i = 0; i < n; i++) {
                acc[i] = t[base + (a[ao + i] & 0xff)] ^ t[tb + (b[bo + i] & 0xff)]
                        ^ t[tc + (c[co + i] & 0xff)] ^ t[te + (e[eo + i] & 0xff)];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[i] ^= t[base + (a[ao + i] & 0xff)] ^ t[tb + (b[bo + i] & 0xff)]
                        ^ t[tc + (c[co + i] & 0xff)] ^ t[te + (e[eo + i] & 0xff)];
            }
        }
    }

    private static void accumulate2(long[] acc, int n, boolean first, long[] t, int base,
            byte[] a, int ao, byte[] b, int bo) {
        int tb = base + 256;
        if (first) {
            for (int i = 0; i < n; i++) {
                acc[i] = t[base + (a[ao + i] & 0xff)] ^ t[tb + (b[bo + i] & 0xff)];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[i] ^= t[base + (a[ao + i] & 0xff)] ^ t[tb + (b[bo + i] & 0xff)];
            }
        }
    }

    private static void accumulate1(long[] acc, int n, boolean first, long[] t, int base, byte[] a, int ao) {
        if (first) {
            for (int i = 0; i < n; i++) {
                acc[i] = t[base + (a[ao + i] & 0xff)];
            }
        } else {
            for (int i = 0; i < n; i++) {
                acc[i] ^= t[base + (a[ao + i] & 0xff)];
            }
        }
    }

    private static void spread(long[] acc, int n, int shift, byte[] out, int offset) {
        for (int i = 0; i < n; i++) {
            out[offset + i] = (byte) (acc[i] >>> shift);
        }
    }
}
