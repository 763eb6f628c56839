package io.pangea.dht.kad.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.PeerId;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves inbound {@value TransportKadNetwork#PROTOCOL} streams (server mode): reads one request frame, answers
 * through the node's {@link KadRequestHandler}, closes its side. A malformed, oversized or invalid request, or one
 * that does not arrive within the timeout, resets the stream.
 *
 * <p>The requester is passed as a client ({@code fromServer = false}): the transport API does not say which
 * protocols or listen addresses the peer announced in Identify, so it is not put into the routing table from here.
 */
public final class KadProtocolHandler implements ProtocolHandler {
    private final KadNode node;
    private final TransportKadNetwork network;
    private final Supplier<Optional<Transport>> transport;
    private final Duration timeout;

    public KadProtocolHandler(KadNode node, TransportKadNetwork network, Supplier<Optional<Transport>> transport,
                              Duration timeout) {
        this.node = node;
        this.network = network;
        this.transport = transport;
        this.timeout = timeout;
    }

    @Override
    public void accept(PeerConnection connection, PeerStream stream) {
        KadPeer from;
        try {
            from = new KadPeer(PeerId.parse(connection.remotePeer()), List.of());
        } catch (RuntimeException e) {
            stream.close();
            return;
        }
        transport.get().ifPresent(t -> network.remember(t, connection));
        KadStreams.read(stream)
                .thenCompose(request -> {
                    if (request.isEmpty()) {
                        throw new IllegalArgumentException("the stream ended without a request");
                    }
                    Optional<KadMessage> response = node.handle(from, false, request.get());
                    CompletableFuture<Void> written = response.isPresent()
                            ? KadStreams.write(stream, response.get()) : CompletableFuture.completedFuture(null);
                    return written.thenCompose(w -> {
                        stream.closeWrite();
                        return drain(stream);
                    });
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, error) -> stream.close());
    }

    /** Waits for the requester's end of stream, discarding anything after the request. */
    private static CompletableFuture<Void> drain(PeerStream stream) {
        return stream.read().toCompletableFuture().thenCompose((ByteBuffer bytes) ->
                bytes.hasRemaining() ? drain(stream) : CompletableFuture.completedFuture(null));
    }
}
