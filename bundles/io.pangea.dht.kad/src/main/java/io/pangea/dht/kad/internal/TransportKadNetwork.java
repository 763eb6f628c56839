package io.pangea.dht.kad.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link KadNetwork} over the API's {@link Transport}: each request leases the active transport, reuses a connection
 * to the peer when one is held (dialed earlier, or inbound from that peer), else dials the peer's addresses in turn,
 * and opens one {@value #PROTOCOL} stream carrying one varint-length-prefixed request frame and at most one response.
 * Every exchange is bounded by the request timeout (the stream is reset when it runs out), every dial by the dial
 * timeout.
 */
public final class TransportKadNetwork implements KadNetwork, AutoCloseable {
    public static final String PROTOCOL = "/ipfs/kad/1.0.0";

    private record Held(Transport transport, CompletableFuture<PeerConnection> connection, boolean dialed) {
    }

    private final Supplier<Lease<Transport>> transports;
    private final Duration requestTimeout;
    private final Duration dialTimeout;
    private final Map<String, Held> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param transports leases the active transport (e.g. {@code () -> selector.lease(Transport.class)}) */
    public TransportKadNetwork(Supplier<Lease<Transport>> transports, Duration requestTimeout, Duration dialTimeout) {
        this.transports = transports;
        this.requestTimeout = requestTimeout;
        this.dialTimeout = dialTimeout;
    }

    @Override
    public CompletionStage<KadMessage> request(KadPeer to, KadMessage request) {
        return exchange(to, request, true).thenApply(Optional::orElseThrow);
    }

    @Override
    public CompletionStage<Void> send(KadPeer to, KadMessage message) {
        return exchange(to, message, false).thenApply(ignored -> null);
    }

    /** Keeps an authenticated inbound connection for requests to its peer (when none is held yet). */
    public void remember(Transport transport, PeerConnection connection) {
        if (!closed) {
            connections.putIfAbsent(connection.remotePeer(),
                    new Held(transport, CompletableFuture.completedFuture(connection), false));
        }
    }

    /** Number of connections held; for tests. */
    int heldConnections() {
        return connections.size();
    }

    private CompletableFuture<Optional<KadMessage>> exchange(KadPeer to, KadMessage message, boolean response) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the kad network is closed"));
        }
        Lease<Transport> lease;
        try {
            lease = transports.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Transport transport = lease.provider();
        CompletableFuture<Optional<KadMessage>> result = openStream(transport, to, true)
                .thenCompose(stream -> exchangeOn(stream, message, response));
        return result.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> lease.close());
    }

    private CompletableFuture<Optional<KadMessage>> exchangeOn(PeerStream stream, KadMessage message,
                                                               boolean response) {
        CompletableFuture<Optional<KadMessage>> result = KadStreams.write(stream, message)
                .thenCompose(written -> {
                    stream.closeWrite();
                    return KadStreams.read(stream);
                })
                .thenApply(answer -> {
                    if (response && answer.isEmpty()) {
                        throw new WireFormatException("the peer closed the kad stream without a response");
                    }
                    return response ? answer : Optional.<KadMessage>empty();
                });
        // A stream never outlives its exchange: reset on failure or timeout, released once answered.
        result.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> stream.close());
        return result;
    }

    /** A {@value #PROTOCOL} stream to the peer, on a held connection if it still works, else on a new one. */
    private CompletableFuture<PeerStream> openStream(Transport transport, KadPeer to, boolean mayRetry) {
        String peer = to.id().toBase58();
        Held held = connections.get(peer);
        if (held != null && held.transport() != transport) {
            forget(peer, held); // the active transport changed: its connections are not ours to use
            held = null;
        }
        if (held == null) {
            Held fresh = new Held(transport, dial(transport, to), true);
            held = connections.merge(peer, fresh, (old, mine) -> old.transport() == transport ? old : mine);
        }
        Held used = held;
        return used.connection().thenCompose(c -> c.openStream(PROTOCOL).toCompletableFuture())
                .handle((stream, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(stream);
                    }
                    forget(peer, used);
                    return mayRetry && used.connection().isDone() && !used.connection().isCompletedExceptionally()
                            ? openStream(transport, to, false) // the held connection went away: dial again once
                            : CompletableFuture.<PeerStream>failedFuture(error);
                })
                .thenCompose(f -> f);
    }

    private void forget(String peer, Held held) {
        if (connections.remove(peer, held) && held.dialed()) {
            held.connection().thenAccept(PeerConnection::close);
        }
    }

    /** Tries the peer's addresses in order; each dial must prove the peer id. */
    private CompletableFuture<PeerConnection> dial(Transport transport, KadPeer to) {
        List<Multiaddr> addresses = to.addresses();
        if (addresses.isEmpty()) {
            return CompletableFuture.failedFuture(new IOException("no known address for " + to.id()));
        }
        return dialFrom(transport, to, addresses, 0, null);
    }

    private CompletableFuture<PeerConnection> dialFrom(Transport transport, KadPeer to, List<Multiaddr> addresses,
                                                       int index, Throwable last) {
        if (index >= addresses.size()) {
            return CompletableFuture.failedFuture(new IOException("cannot reach " + to.id() + " at any of "
                    + addresses + (last == null ? "" : ": " + last.getMessage()), last));
        }
        Multiaddr address = addresses.get(index);
        String target = (address.peerId().isPresent() ? address : address.withPeer(to.id())).toString();
        CompletableFuture<PeerConnection> attempt;
        try {
            attempt = transport.dial(target).toCompletableFuture();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.orTimeout(dialTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((c, e) -> e == null ? CompletableFuture.completedFuture(c)
                        : dialFrom(transport, to, addresses, index + 1, e))
                .thenCompose(f -> f);
    }

    /** Closes the connections this network dialed; inbound ones belong to the transport. */
    @Override
    public void close() {
        closed = true;
        connections.forEach(this::forget);
    }
}
