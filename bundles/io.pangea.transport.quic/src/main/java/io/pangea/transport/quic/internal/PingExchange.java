package io.pangea.transport.quic.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ping ({@value #PROTOCOL}) over QUIC: the responder sends back every {@value #SIZE}-byte payload until the peer's FIN;
 * the requester times one round trip on a fresh stream.
 */
final class PingExchange implements ProtocolHandler {
    static final String PROTOCOL = "/ipfs/ping/1.0.0";
    static final int SIZE = 32;

    private final QuicHost host;
    private final SecureRandom random;

    PingExchange(QuicHost host, SecureRandom random) {
        this.host = host;
        this.random = random;
    }

    @Override
    public void accept(PeerConnection connection, PeerStream stream) {
        answerNext((QuicPeerStream) stream);
    }

    /** Each answer waits for the previous one's write, so a long ping stream holds one payload at a time. */
    private void answerNext(QuicPeerStream stream) {
        stream.take(Intake.exactly(SIZE))
                .orTimeout(host.settings().idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(payload -> {
                    if (payload == null) {
                        stream.closeWrite();
                        return CompletableFuture.completedFuture(false);
                    }
                    return stream.write(ByteBuffer.wrap(payload)).thenApply(written -> true);
                })
                .whenComplete((more, failure) -> {
                    if (failure != null) {
                        host.log().debug(stream.label() + ": ping stream ended: " + Failures.describe(failure));
                        stream.close();
                    } else if (more) {
                        answerNext(stream);
                    }
                });
    }

    CompletableFuture<Duration> ping(QuicConnection connection) {
        byte[] payload = new byte[SIZE];
        random.nextBytes(payload);
        return connection.openNegotiated(PROTOCOL).thenCompose(stream -> {
            long start = System.nanoTime();
            return stream.write(ByteBuffer.wrap(payload))
                    .thenCompose(written -> stream.take(Intake.exactly(SIZE)))
                    .thenApply(echo -> {
                        long elapsed = System.nanoTime() - start;
                        if (echo == null || !MessageDigest.isEqual(payload, echo)) {
                            throw new WireFormatException("the peer answered a ping with other bytes");
                        }
                        return Duration.ofNanos(elapsed);
                    })
                    .whenComplete((rtt, failure) -> {
                        if (failure == null) {
                            stream.closeWrite();
                            stream.closeAfter(host.settings().negotiationTimeout().toMillis());
                        } else {
                            stream.close();
                        }
                    });
        }).orTimeout(host.settings().negotiationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
