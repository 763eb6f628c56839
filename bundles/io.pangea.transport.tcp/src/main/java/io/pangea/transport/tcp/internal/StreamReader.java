package io.pangea.transport.tcp.internal;

import io.pangea.api.transport.PeerStream;
import io.pangea.p2p.wire.LengthPrefixedFrameReader;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads messages of known shape from a {@link PeerStream} whose reads return arbitrary pieces: exact byte counts
 * (Ping) and varint-length-prefixed frames (Identify). Bytes past the message stay here for the next call. Not
 * thread-safe: one call at a time, each chained after the previous one's future.
 */
final class StreamReader {
    private final PeerStream stream;
    private ByteBuffer buffered = ByteBuffer.allocate(0);

    StreamReader(PeerStream stream) {
        this.stream = stream;
    }

    /**
     * The next {@code n} bytes; empty if the stream ended cleanly before the first of them.
     *
     * @throws StreamClosedException (as the future's failure) if it ends in the middle
     */
    CompletableFuture<Optional<byte[]>> readExactly(int n) {
        byte[] out = new byte[n];
        return fill(out, 0);
    }

    private CompletableFuture<Optional<byte[]>> fill(byte[] out, int filled) {
        int take = Math.min(buffered.remaining(), out.length - filled);
        buffered.get(out, filled, take);
        int now = filled + take;
        if (now == out.length) {
            return CompletableFuture.completedFuture(Optional.of(out));
        }
        return stream.read().toCompletableFuture().thenCompose(next -> {
            if (!next.hasRemaining()) {
                if (now == 0) {
                    return CompletableFuture.completedFuture(Optional.empty());
                }
                return CompletableFuture.failedFuture(new StreamClosedException("the stream ended after " + now
                        + " of " + out.length + " bytes"));
            }
            buffered = next;
            return fill(out, now);
        });
    }

    /**
     * The next varint-length-prefixed frame of at most {@code maxLength} bytes; empty if the stream ended cleanly
     * before it.
     *
     * @throws WireFormatException (as the future's failure) for a malformed or oversized length, which is judged
     *                             before anything is allocated for the frame
     */
    CompletableFuture<Optional<byte[]>> readFrame(int maxLength) {
        return frame(new LengthPrefixedFrameReader(maxLength), false);
    }

    private CompletableFuture<Optional<byte[]>> frame(LengthPrefixedFrameReader reader, boolean started) {
        boolean began = started || buffered.hasRemaining();
        Optional<byte[]> frame;
        try {
            frame = reader.next(buffered);
        } catch (WireFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (frame.isPresent()) {
            return CompletableFuture.completedFuture(frame);
        }
        return stream.read().toCompletableFuture().thenCompose(next -> {
            if (!next.hasRemaining()) {
                if (!began) {
                    return CompletableFuture.completedFuture(Optional.empty());
                }
                return CompletableFuture.failedFuture(new WireFormatException("the stream ended inside a "
                        + "length-prefixed message"));
            }
            buffered = next;
            return frame(reader, began);
        });
    }

    /** Reads and discards until the peer closes its side; fails past {@code maxBytes}. */
    CompletableFuture<Void> drain(long maxBytes) {
        long seen = buffered.remaining();
        buffered = ByteBuffer.allocate(0);
        return drainFrom(seen, maxBytes);
    }

    private CompletableFuture<Void> drainFrom(long seen, long maxBytes) {
        if (seen > maxBytes) {
            return CompletableFuture.failedFuture(new WireFormatException("the peer sent " + seen
                    + " unexpected bytes"));
        }
        return stream.read().toCompletableFuture().thenCompose(next -> next.hasRemaining()
                ? drainFrom(seen + next.remaining(), maxBytes)
                : CompletableFuture.completedFuture(null));
    }
}
