package io.pangea.p2p.wire;

import java.nio.ByteBuffer;

/**
 * The multiformats unsigned varint: unsigned LEB128, seven bits per byte, least significant group first, the high bit
 * of each byte set when another byte follows.
 *
 * <p>As the multiformats specification requires, values are limited to 63 bits (at most {@value #MAX_BYTES} bytes)
 * and must be minimally encoded: a decoder rejects a last byte of {@code 0x00} after other bytes (for example
 * {@code 81 00} for 1), a ninth byte with its continuation bit set, and input that ends inside a varint. Decoding
 * failures throw {@link WireFormatException} and leave the source buffer's position where it was.
 */
public final class Varint {
    /** The most bytes a multiformats varint may take (9 × 7 = 63 bits). */
    public static final int MAX_BYTES = 9;
    /** Returned by {@link #readIfComplete(ByteBuffer)} when the buffer ends inside a varint. */
    public static final long INCOMPLETE = -1;

    private Varint() {
    }

    /** The number of bytes {@code value} takes; {@code value} must not be negative. */
    public static int encodedLength(long value) {
        requireUnsigned(value);
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    /** The varint encoding of {@code value}, which must not be negative. */
    public static byte[] encode(long value) {
        byte[] out = new byte[encodedLength(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset} and returns the number of bytes written. */
    public static int write(long value, byte[] dst, int offset) {
        requireUnsigned(value);
        int i = offset;
        while ((value & ~0x7FL) != 0) {
            dst[i++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        dst[i++] = (byte) value;
        return i - offset;
    }

    /** Writes {@code value} at the buffer's position and advances it. */
    public static void write(long value, ByteBuffer dst) {
        requireUnsigned(value);
        while ((value & ~0x7FL) != 0) {
            dst.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        dst.put((byte) value);
    }

    /**
     * Reads one varint from the buffer's position and advances past it.
     *
     * @throws WireFormatException if the buffer ends inside the varint, or the varint is overlong or not minimal
     */
    public static long read(ByteBuffer src) {
        long value = readIfComplete(src);
        if (value == INCOMPLETE) {
            throw new WireFormatException("truncated varint: input ends after " + src.remaining() + " byte(s)");
        }
        return value;
    }

    /**
     * Reads one varint if the buffer holds all of it, else returns {@link #INCOMPLETE} and leaves the position
     * unchanged; for incremental readers whose input arrives in pieces.
     *
     * @throws WireFormatException if the varint is overlong or not minimal, which can be told before it ends
     */
    public static long readIfComplete(ByteBuffer src) {
        int start = src.position();
        int limit = src.limit();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (start + i >= limit) {
                return INCOMPLETE;
            }
            int b = src.get(start + i) & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new WireFormatException("varint is not minimally encoded (" + (i + 1) + " bytes ending in 0x00)");
                }
                src.position(start + i + 1);
                return value;
            }
        }
        throw new WireFormatException("varint longer than " + MAX_BYTES + " bytes (values are limited to 63 bits)");
    }

    /**
     * Reads one varint that must be at most {@code max}; for lengths and codes that index into memory.
     *
     * @throws WireFormatException if the varint is malformed or larger than {@code max}
     */
    public static int readInt(ByteBuffer src, int max, String what) {
        int start = src.position();
        long value = read(src);
        if (value > max) {
            src.position(start);
            throw new WireFormatException(what + " " + value + " exceeds the limit of " + max);
        }
        return (int) value;
    }

    /** Decodes a byte array that holds exactly one varint. */
    public static long decode(byte[] bytes) {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        long value = read(src);
        if (src.hasRemaining()) {
            throw new WireFormatException(src.remaining() + " trailing byte(s) after varint");
        }
        return value;
    }

    private static void requireUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned 63-bit values: " + value);
        }
    }
}
