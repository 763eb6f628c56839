package io.pangea.erasure.java.internal;

/**
 * Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and generator 2 — the field of
 * ISA-L, so that both coders compute the same products. Elements are ints in 0..255.
 */
final class Gf256 {
    static final int POLYNOMIAL = 0x11d;

    /** EXP[i] = 2^i, doubled in length so that EXP[LOG[a] + LOG[b]] needs no reduction modulo 255. */
    private static final int[] EXP = new int[510];
    private static final int[] LOG = new int[256];
    /** PRODUCTS[(a << 8) | b] = a · b. */
    private static final byte[] PRODUCTS = new byte[256 * 256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            EXP[i + 255] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 1; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                PRODUCTS[(a << 8) | b] = (byte) EXP[LOG[a] + LOG[b]];
            }
        }
    }

    private Gf256() {
    }

    static int mul(int a, int b) {
        return PRODUCTS[(a << 8) | b] & 0xff;
    }

    static int inv(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]];
    }
}
