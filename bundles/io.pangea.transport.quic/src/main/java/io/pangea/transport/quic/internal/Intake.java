package io.pangea.transport.quic.internal;

import io.pangea.p2p.wire.LengthPrefixedFrameReader;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One way of consuming a stream's received bytes, tried by {@link QuicPeerStream} on its event loop each time bytes
 * arrive until it is satisfied. Reading a message of known shape this way takes exactly its bytes off the queue and
 * leaves the rest in place for whoever reads next, without copying them out and putting them back.
 */
interface Intake<T> {
    /**
     * Takes what it needs from {@code received} (chunks in arrival order; emptied chunks may be left for the stream to
     * drop).
     *
     * @return the result once complete, else empty to wait for more
     * @throws WireFormatException for input that can never become valid
     * @throws IOException           when the exchange cannot go on (for instance, no common protocol)
     */
    Optional<T> take(ArrayDeque<ByteBuffer> received) throws IOException;

    /** The peer closed its side with this intake unsatisfied: the value to complete with, or why not. */
    T atEnd() throws IOException;

    /** The next chunk as it came, or an empty buffer at the end: {@link io.pangea.api.transport.PeerStream#read()}. */
    static Intake<ByteBuffer> chunk() {
        return new Intake<>() {
            @Override
            public Optional<ByteBuffer> take(ArrayDeque<ByteBuffer> received) {
                while (!received.isEmpty()) {
                    ByteBuffer head = received.poll();
                    if (head.hasRemaining()) {
                        return Optional.of(head);
                    }
                }
                return Optional.empty();
            }

            @Override
            public ByteBuffer atEnd() {
                return ByteBuffer.allocate(0);
            }
        };
    }

    /** Exactly {@code n} bytes; {@code null} when the stream ends cleanly before the first of them. */
    static Intake<byte[]> exactly(int n) {
        return new Intake<>() {
            private final byte[] out = new byte[n];
            private int filled;

            @Override
            public Optional<byte[]> take(ArrayDeque<ByteBuffer> received) {
                for (ByteBuffer head : received) {
                    int step = Math.min(head.remaining(), n - filled);
                    head.get(out, filled, step);
                    filled += step;
                    if (filled == n) {
                        return Optional.of(out);
                    }
                }
                return Optional.empty();
            }

            @Override
            public byte[] atEnd() throws IOException {
                if (filled == 0) {
                    return null;
                }
                throw new StreamClosedException("the stream ended after " + filled + " of " + n + " bytes");
            }
        };
    }

    /**
     * One varint-length-prefixed message of at most {@code maxLength} bytes, judged before it is allocated;
     * {@code null} when the stream ends cleanly before it.
     */
    static Intake<byte[]> frame(int maxLength) {
        LengthPrefixedFrameReader frames = new LengthPrefixedFrameReader(maxLength);
        return new Intake<>() {
            @Override
            public Optional<byte[]> take(ArrayDeque<ByteBuffer> received) {
                for (ByteBuffer head : received) {
                    Optional<byte[]> frame = frames.next(head);
                    if (frame.isPresent()) {
                        return frame;
                    }
                }
                return Optional.empty();
            }

            @Override
            public byte[] atEnd() {
                if (frames.hasPartialFrame()) {
                    throw new WireFormatException("the stream ended inside a length-prefixed message");
                }
                return null;
            }
        };
    }
}
