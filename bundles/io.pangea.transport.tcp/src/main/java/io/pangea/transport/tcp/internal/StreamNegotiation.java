package io.pangea.transport.tcp.internal;

import io.pangea.p2p.wire.MultistreamSelect;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs multistream-select on one Yamux stream, as initiator (proposing the protocol to open) or responder (choosing
 * among the registered ones). Bytes the peer sent after its last negotiation message (js-libp2p pipelines data
 * after its proposal) are put back in front of the stream for the protocol. On failure or timeout the stream is
 * reset.
 */
final class StreamNegotiation {
    private final YamuxStream stream;
    private final MultistreamSelect negotiation;
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private StreamNegotiation(YamuxStream stream, MultistreamSelect negotiation) {
        this.stream = stream;
        this.negotiation = negotiation;
    }

    /** Completes with the agreed protocol, which is then also the stream's {@link YamuxStream#protocol()}. */
    static CompletableFuture<String> run(YamuxStream stream, MultistreamSelect negotiation, Duration timeout) {
        StreamNegotiation run = new StreamNegotiation(stream, negotiation);
        run.step();
        return run.result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((protocol, failure) -> {
            if (failure != null) {
                stream.close();
            } else {
                stream.protocol(protocol);
            }
        });
    }

    private void step() {
        if (negotiation.hasOutbound()) {
            stream.write(ByteBuffer.wrap(negotiation.takeOutbound()));
        }
        switch (negotiation.state()) {
            case SELECTED -> result.complete(negotiation.selected().orElseThrow());
            case FAILED -> result.completeExceptionally(new ProtocolNegotiationException(
                    negotiation.failureReason().orElse("no common protocol")));
            case NEGOTIATING -> stream.read().whenComplete((bytes, failure) -> {
                if (result.isDone()) {
                    return;
                }
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else if (!bytes.hasRemaining()) {
                    result.completeExceptionally(new StreamClosedException("the peer closed stream " + stream.id()
                            + " during protocol negotiation"));
                } else {
                    try {
                        negotiation.receive(bytes);
                    } catch (WireFormatException e) {
                        result.completeExceptionally(e);
                        return;
                    }
                    if (negotiation.state() == MultistreamSelect.State.SELECTED) {
                        stream.unread(bytes);
                    }
                    step();
                }
            });
        }
    }
}
