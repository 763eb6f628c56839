package io.pangea.dht.kad.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves inbound {@value TransportKadNetwork#PROTOCOL} streams (server mode): reads one request frame, answers
 * through the node's {@link KadRequestHandler}, closes its side. A malformed, oversized or invalid request, or one
 * that does not arrive within the timeout, resets the stream.
 *
 * <p>The requester counts as a server ({@code fromServer = true}, so it enters the routing table) when Identify says
 * it speaks {@value TransportKadNetwork#PROTOCOL} itself and announced at least one listen address it can be dialed
 * back on; otherwise it is a client, answered but not routed to. The handler waits for the connection's
 * identification (bounded by the request timeout) before deciding.
 */
public final class KadProtocolHandler implements ProtocolHandler {
    private final KadNode node;
    private final TransportKadNetwork network;
    private final Duration timeout;

    public KadProtocolHandler(KadNode node, TransportKadNetwork network, Duration timeout) {
        this.node = node;
        this.network = network;
        this.timeout = timeout;
    }

    @Override
    public void accept(PeerConnection connection, PeerStream stream) {
        PeerId id;
        try {
            id = PeerId.parse(connection.remotePeer());
        } catch (RuntimeException e) {
            stream.close();
            return;
        }
        // Whichever transport it came in on, the connection serves our requests to that peer too.
        network.remember(connection);
        CompletableFuture<Void> identified = connection.identification().toCompletableFuture()
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
        KadStreams.read(stream)
                .thenCombine(identified, (request, ignored) -> request)
                .thenCompose(request -> {
                    if (request.isEmpty()) {
                        throw new IllegalArgumentException("the stream ended without a request");
                    }
                    List<Multiaddr> addresses = listenAddresses(connection);
                    boolean fromServer = !addresses.isEmpty()
                            && connection.remoteProtocols().contains(TransportKadNetwork.PROTOCOL);
                    KadPeer from = new KadPeer(id, addresses);
                    Optional<KadMessage> response = node.handle(from, fromServer, request.get());
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

    /** The peer's announced listen addresses that parse, without any {@code /p2p} part. */
    static List<Multiaddr> listenAddresses(PeerConnection connection) {
        List<Multiaddr> addresses = new ArrayList<>();
        for (String text : connection.remoteListenAddresses()) {
            try {
                addresses.add(Multiaddr.parse(text).withoutPeer());
            } catch (RuntimeException e) {
                // an address this node cannot use is skipped
            }
        }
        return addresses;
    }

    /** Waits for the requester's end of stream, discarding anything after the request. */
    private static CompletableFuture<Void> drain(PeerStream stream) {
        return stream.read().toCompletableFuture().thenCompose((ByteBuffer bytes) ->
                bytes.hasRemaining() ? drain(stream) : CompletableFuture.completedFuture(null));
    }
}
