package io.pangea.erasure.isal.internal;

import java.nio.ByteBuffer;

/**
 * The JNI entry points of {@code libpangea-isal.so}. Callers check every argument: the native side trusts the
 * counts, offsets and lengths it is given.
 */
final class IsalNative {
    private IsalNative() {
    }

    /** ec_init_tables for the M parity rows of the K + M Cauchy matrix, into 32·K·M bytes of {@code tables}. */
    static native void encodingTables(int k, int m, ByteBuffer tables);

    /**
     * ec_init_tables for the rows that rebuild each shard not marked present from the first K present ones, into
     * 32·K·(missing count) bytes of {@code tables}.
     *
     * @return false if that submatrix is singular
     */
    static native boolean decodingTables(int k, int m, boolean[] present, ByteBuffer tables);

    /**
     * ec_encode_data over {@code length} bytes: each source and target is a direct {@link ByteBuffer} or a
     * {@code byte[]}, read or written from its offset on.
     */
    static native void multiply(int length, int k, int rows, ByteBuffer tables,
            Object[] sources, int[] sourceOffsets, Object[] targets, int[] targetOffsets);
}
