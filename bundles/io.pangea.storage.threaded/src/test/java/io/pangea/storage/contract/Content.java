package io.pangea.storage.contract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Deterministic file contents: generation {@code n} of a file can be recognised and checked whole. */
public final class Content {
    private Content() {
    }

    /** {@code size} bytes (a multiple of 8): the generation as the first long, then a sequence derived from it. */
    public static ByteBuffer of(long generation, int size) {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        buffer.putLong(generation);
        for (long i = 1; buffer.remaining() >= Long.BYTES; i++) {
            buffer.putLong(mix(generation, i));
        }
        return buffer.flip();
    }

    public static byte[] bytes(long generation, int size) {
        return of(generation, size).array();
    }

    private static long mix(long generation, long index) {
        long z = generation * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
