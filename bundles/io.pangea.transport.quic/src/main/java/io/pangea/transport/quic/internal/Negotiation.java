package io.pangea.transport.quic.internal;

import io.pangea.p2p.wire.MultistreamSelect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * multistream-select 1.0 on one QUIC stream, as an {@link Intake}: it consumes negotiation messages straight from the
 * stream's queue and stops at the end of the last one, so bytes the peer pipelined after its proposal stay queued for
 * the protocol. A failure, timeout or malformed message resets the stream (and only it).
 */
final class Negotiation implements Intake<String> {
    private final QuicPeerStream stream;
    private final MultistreamSelect select;

    private Negotiation(QuicPeerStream stream, MultistreamSelect select) {
        this.stream = stream;
        this.select = select;
    }

    /** Completes with the agreed protocol, which the stream then reports as its {@link QuicPeerStream#protocol()}. */
    static CompletableFuture<String> run(QuicPeerStream stream, MultistreamSelect select, Duration timeout) {
        Negotiation negotiation = new Negotiation(stream, select);
        negotiation.flush();
        return stream.take(negotiation).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((protocol, failure) -> {
                    if (failure == null) {
                        stream.protocol(protocol);
                    } else {
                        stream.close();
                    }
                });
    }

    @Override
    public Optional<String> take(ArrayDeque<ByteBuffer> received) throws IOException {
        for (ByteBuffer chunk : received) {
            select.receive(chunk);
            flush();
            switch (select.state()) {
                case SELECTED -> {
                    return select.selected();
                }
                case FAILED -> throw new IOException("protocol negotiation failed: "
                        + select.failureReason().orElse("no common protocol"));
                case NEGOTIATING -> {
                    // the rest of the message may be in the next chunk
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String atEnd() throws IOException {
        throw new StreamClosedException("the peer closed " + stream.label() + " during protocol negotiation");
    }

    private void flush() {
        if (select.hasOutbound()) {
            stream.send(select.takeOutbound());
        }
    }
}
