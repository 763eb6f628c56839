package io.pangea.dht.kad.internal;

import io.pangea.api.transport.PeerStream;
import io.pangea.p2p.wire.LengthPrefixedFrameReader;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Varint-length-prefixed {@link KadMessage} frames on a {@link PeerStream}, at most {@link KadMessage#MAX_MESSAGE_BYTES}. */
final class KadStreams {
    private KadStreams() {
    }

    static CompletableFuture<Void> write(PeerStream stream, KadMessage message) {
        return stream.write(ByteBuffer.wrap(LengthPrefixedFrameReader.encodeFrame(message.encode())))
                .toCompletableFuture();
    }

    /**
     * Reads one frame and decodes it. Completes exceptionally with a {@link WireFormatException} for a malformed or
     * oversized frame or message, or when the remote closes before a whole frame arrived (empty when it closed
     * before sending anything).
     */
    static CompletableFuture<Optional<KadMessage>> read(PeerStream stream) {
        CompletableFuture<Optional<KadMessage>> out = new CompletableFuture<>();
        readInto(stream, new LengthPrefixedFrameReader(KadMessage.MAX_MESSAGE_BYTES), out);
        return out;
    }

    private static void readInto(PeerStream stream, LengthPrefixedFrameReader reader,
                                 CompletableFuture<Optional<KadMessage>> out) {
        stream.read().whenComplete((bytes, error) -> {
            if (out.isDone()) {
                return;
            }
            if (error != null) {
                out.completeExceptionally(error);
                return;
            }
            try {
                if (!bytes.hasRemaining()) {
                    if (reader.hasPartialFrame()) {
                        throw new WireFormatException("the stream ended inside a kad frame");
                    }
                    out.complete(Optional.empty());
                    return;
                }
                Optional<byte[]> frame = reader.next(bytes);
                if (frame.isPresent()) {
                    // Anything after the one frame of a request/response exchange is ignored.
                    out.complete(Optional.of(KadMessage.decode(frame.get())));
                } else {
                    readInto(stream, reader, out);
                }
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
    }
}
