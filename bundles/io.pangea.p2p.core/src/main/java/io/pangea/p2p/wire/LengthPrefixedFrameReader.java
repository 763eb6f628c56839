package io.pangea.p2p.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reassembles varint-length-prefixed messages ({@code <uvarint length><length bytes>}, the framing of
 * multistream-select, Identify, Kademlia and the Pangea protocols) from input that arrives in pieces.
 *
 * <p>Bounded: a length larger than {@code maxFrameLength} is rejected as soon as its varint shows it, before
 * anything is allocated, and the buffer for an accepted length grows with the bytes that actually arrive (starting at
 * {@value #INITIAL_CAPACITY} bytes, doubling), so a peer that announces a large frame and sends little of it holds
 * little memory. The reader never consumes input past the end of the frame it returns: bytes after a frame stay in
 * the caller's buffer for the next call or for the next protocol on the stream.
 *
 * <p>Not thread-safe; one reader per stream direction. After a {@link WireFormatException} the stream is unusable
 * and the reader refuses further input.
 */
public final class LengthPrefixedFrameReader {
    static final int INITIAL_CAPACITY = 4096;

    private final int maxFrameLength;
    private final byte[] prefix = new byte[Varint.MAX_BYTES];
    private int prefixLength;
    private long frameLength = -1;
    private byte[] frame;
    private int filled;
    private boolean failed;

    /** @param maxFrameLength the largest payload accepted, not counting the length prefix */
    public LengthPrefixedFrameReader(int maxFrameLength) {
        if (maxFrameLength < 0) {
            throw new IllegalArgumentException("maxFrameLength must not be negative: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /** Frames {@code payload} with its varint length prefix. */
    public static byte[] encodeFrame(byte[] payload) {
        byte[] out = new byte[Varint.encodedLength(payload.length) + payload.length];
        int n = Varint.write(payload.length, out, 0);
        System.arraycopy(payload, 0, out, n, payload.length);
        return out;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    /**
     * Consumes bytes from {@code in} until one frame is complete or {@code in} is exhausted.
     *
     * @return the frame's payload, or empty if more input is needed (all of {@code in} was consumed)
     * @throws WireFormatException if the length prefix is malformed or exceeds the limit
     */
    public Optional<byte[]> next(ByteBuffer in) {
        if (failed) {
            throw new IllegalStateException("frame reader failed earlier; the stream must be closed");
        }
        try {
            if (frameLength < 0 && !readPrefix(in)) {
                return Optional.empty();
            }
            int wanted = (int) frameLength - filled;
            int n = Math.min(wanted, in.remaining());
            if (n > 0) {
                ensureCapacity(filled + n);
                in.get(frame, filled, n);
                filled += n;
            }
            if (filled < frameLength) {
                return Optional.empty();
            }
            byte[] payload = frame == null ? new byte[0] : frame; // capacity never exceeds frameLength
            reset();
            return Optional.of(payload);
        } catch (WireFormatException e) {
            failed = true;
            throw e;
        }
    }

    /** Whether part of a frame (prefix or payload) has been consumed but the frame is not complete. */
    public boolean hasPartialFrame() {
        return prefixLength > 0 || frameLength >= 0;
    }

    /** Bytes currently held for the partial frame's payload; for tests of the allocation bound. */
    int bufferCapacity() {
        return frame == null ? 0 : frame.length;
    }

    private boolean readPrefix(ByteBuffer in) {
        while (in.hasRemaining()) {
            int b = in.get() & 0xFF;
            prefix[prefixLength++] = (byte) b;
            // Judge the length as its bits arrive: an oversized claim fails before the varint even ends.
            long value = 0;
            for (int i = 0; i < prefixLength; i++) {
                value |= (long) (prefix[i] & 0x7F) << (7 * i);
            }
            if (value > maxFrameLength) {
                throw new WireFormatException("frame length " + describe(value, (b & 0x80) != 0)
                        + " exceeds the limit of " + maxFrameLength + " bytes");
            }
            if ((b & 0x80) == 0) {
                if (b == 0 && prefixLength > 1) {
                    throw new WireFormatException("frame length varint is not minimally encoded");
                }
                frameLength = value;
                filled = 0;
                return true;
            }
            if (prefixLength == Varint.MAX_BYTES) {
                throw new WireFormatException("frame length varint longer than " + Varint.MAX_BYTES + " bytes");
            }
        }
        return false;
    }

    private static String describe(long value, boolean partial) {
        return partial ? "of at least " + value : String.valueOf(value);
    }

    private void ensureCapacity(int needed) {
        if (frame == null) {
            frame = new byte[(int) Math.min(frameLength, Math.max(INITIAL_CAPACITY, needed))];
        } else if (frame.length < needed) {
            long grown = Math.max((long) frame.length * 2, needed);
            frame = Arrays.copyOf(frame, (int) Math.min(frameLength, grown));
        }
    }

    private void reset() {
        prefixLength = 0;
        frameLength = -1;
        frame = null;
        filled = 0;
    }
}
