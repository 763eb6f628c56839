package io.pangea.transport.tcp.internal;

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
 * Ping ({@value #PROTOCOL}): echoes every 32 bytes it receives until the peer closes its side; and measures the
 * round trip of 32 random bytes to a peer.
 */
final class PingService implements ProtocolHandler {
    static final String PROTOCOL = "/ipfs/ping/1.0.0";
    static final int SIZE = 32;

    private final TcpHost host;
    private final SecureRandom random;
    private final Duration timeout;

    PingService(TcpHost host, SecureRandom random, Duration timeout) {
        this.host = host;
        this.random = random;
        this.timeout = timeout;
    }

    @Override
    public void accept(PeerConnection connection, PeerStream stream) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        echo(new StreamReader(stream), stream, done);
        done.whenComplete((ignored, failure) -> {
            if (failure != null) {
                host.log().debug(((Libp2pConnection) connection).label() + ": ping stream ended: "
                        + Failures.describe(failure));
                stream.close();
            }
        });
    }

    /** One echo per round, each chained after the last, so a long-lived ping stream holds constant memory. */
    private void echo(StreamReader reader, PeerStream stream, CompletableFuture<Void> done) {
        reader.readExactly(SIZE).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ping, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else if (ping.isEmpty()) {
                stream.closeWrite();
                done.complete(null);
            } else {
                stream.write(ByteBuffer.wrap(ping.get())).whenComplete((written, writeFailure) -> {
                    if (writeFailure != null) {
                        done.completeExceptionally(writeFailure);
                    } else {
                        echo(reader, stream, done);
                    }
                });
            }
        });
    }

    /** Sends one ping on a new stream and completes with the round trip. */
    CompletableFuture<Duration> ping(Libp2pConnection connection) {
        byte[] payload = new byte[SIZE];
        random.nextBytes(payload);
        return connection.openNegotiated(PROTOCOL).thenCompose(stream -> {
            StreamReader reader = new StreamReader(stream);
            long start = System.nanoTime();
            return stream.write(ByteBuffer.wrap(payload)).toCompletableFuture()
                    .thenCompose(written -> reader.readExactly(SIZE))
                    .thenApply(pong -> {
                        long elapsed = System.nanoTime() - start;
                        if (pong.isEmpty() || !MessageDigest.isEqual(payload, pong.get())) {
                            throw new WireFormatException("the peer answered a ping with different bytes");
                        }
                        return Duration.ofNanos(elapsed);
                    })
                    .whenComplete((rtt, failure) -> {
                        if (failure == null) {
                            stream.closeWrite();
                            reader.drain(SIZE).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                    .whenComplete((drained, e) -> stream.close());
                        } else {
                            stream.close();
                        }
                    });
        }).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
