package io.pangea.erasure.java.internal;

/**
 * The code computed the obvious way, to check the fast one against: multiplication by shift-and-add with
 * reduction by 0x11d, inverses by search, parity as the sum of products, byte by byte.
 */
public final class SlowReference {
    private SlowReference() {
    }

    public static int mul(int a, int b) {
        int product = 0;
        for (int bit = 0; bit < 8; bit++) {
            if ((b & (1 << bit)) != 0) {
                product ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11d;
            }
        }
        return product;
    }

    public static int inv(int a) {
        for (int x = 1; x < 256; x++) {
            if (mul(a, x) == 1) {
                return x;
            }
        }
        throw new ArithmeticException("no inverse of " + a);
    }

    /** Parity shard p (0-based) of the Cauchy code: sum over j of data[j] / ((K + p) ^ j). */
    public static byte[][] parity(byte[][] data, int parityShards) {
        int k = data.length;
        int length = data[0].length;
        byte[][] parity = new byte[parityShards][length];
        for (int p = 0; p < parityShards; p++) {
            for (int j = 0; j < k; j++) {
                int coefficient = inv((k + p) ^ j);
                for (int i = 0; i < length; i++) {
                    parity[p][i] ^= (byte) mul(coefficient, data[j][i] & 0xff);
                }
            }
        }
        return parity;
    }
}
