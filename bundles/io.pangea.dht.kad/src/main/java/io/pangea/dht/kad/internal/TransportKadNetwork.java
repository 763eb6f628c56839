package io.pangea.dht.kad.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link KadNetwork} over the API's {@link Transport}s: each request leases the active transport, reuses a connection
 * to the peer when one is held (dialed earlier, or inbound from that peer, on any transport), else dials the peer's
 * addresses: first those the active transport supports, then the others with any registered transport that supports
 * them. It opens one {@value #PROTOCOL} stream carrying one varint-length-prefixed request frame and at most one
 * response. Every exchange is bounded by the request timeout (the stream is reset when it runs out), every dial by
 * the dial timeout.
 *
 * <p>A held connection is dropped as soon as it closes ({@link PeerConnection#whenClosed()}), from either side or
 * because its transport went away, so the next request dials again instead of failing on a dead connection. A
 * connection held from one transport stays in use when the preference moves to another: it still works, and
 * swapping the preferred transport must not cut the DHT off from its peers.
 */
public final class TransportKadNetwork implements KadNetwork, AutoCloseable {
    public static final String PROTOCOL = "/ipfs/kad/1.0.0";

    private record Held(CompletableFuture<PeerConnection> connection, boolean dialed) {
    }

    /** One way to reach a peer: an address and a transport that supports it. */
    private record Route(Transport transport, Multiaddr address) {
    }

    private final KadTransports transports;
    private final Duration requestTimeout;
    private final Duration dialTimeout;
    private final Map<String, Held> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A network on the node's transports: the active one first, then every registered one. */
    public TransportKadNetwork(KadTransports transports, Duration requestTimeout, Duration dialTimeout) {
        this.transports = transports;
        this.requestTimeout = requestTimeout;
        this.dialTimeout = dialTimeout;
    }

    /** @param transports leases the only transport (e.g. {@code () -> selector.lease(Transport.class)}) */
    public TransportKadNetwork(Supplier<Lease<Transport>> transports, Duration requestTimeout, Duration dialTimeout) {
        this(KadTransports.single(transports), requestTimeout, dialTimeout);
    }

    @Override
    public CompletionStage<KadMessage> request(KadPeer to, KadMessage request) {
        return exchange(to, request, true).thenApply(Optional::orElseThrow);
    }

    @Override
    public CompletionStage<Void> send(KadPeer to, KadMessage message) {
        return exchange(to, message, false).thenApply(ignored -> null);
    }

    /**
     * Keeps an authenticated inbound connection, whichever transport it came in on, for requests to its peer (when
     * none is held yet); it is dropped when it closes.
     */
    public void remember(PeerConnection connection) {
        if (closed) {
            return;
        }
        String peer = connection.remotePeer();
        Held held = new Held(CompletableFuture.completedFuture(connection), false);
        if (connections.putIfAbsent(peer, held) == null) {
            dropWhenClosed(peer, held);
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
        // Without an eligible active transport the others may still reach the peer; the reason is kept for the
        // error when none does.
        Lease<Transport> lease = null;
        RuntimeException noActive = null;
        try {
            lease = transports.active();
        } catch (RuntimeException e) {
            noActive = e;
        }
        Lease<Transport> held = lease;
        CompletableFuture<Optional<KadMessage>> result =
                openStream(lease == null ? null : lease.provider(), noActive, to, true)
                        .thenCompose(stream -> exchangeOn(stream, message, response));
        return result.orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> {
                    if (held != null) {
                        held.close();
                    }
                });
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
    private CompletableFuture<PeerStream> openStream(Transport active, RuntimeException noActive, KadPeer to,
                                                     boolean mayRetry) {
        String peer = to.id().toBase58();
        Held held = connections.get(peer);
        if (held == null) {
            Held fresh = new Held(dial(active, noActive, to), true);
            held = connections.putIfAbsent(peer, fresh);
            if (held == null) {
                held = fresh;
                dropWhenClosed(peer, fresh);
            } else {
                fresh.connection().thenAccept(PeerConnection::close); // lost the race to another request
            }
        }
        Held used = held;
        return used.connection().thenCompose(c -> c.openStream(PROTOCOL).toCompletableFuture())
                .handle((stream, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(stream);
                    }
                    forget(peer, used);
                    return mayRetry && used.connection().isDone() && !used.connection().isCompletedExceptionally()
                            ? openStream(active, noActive, to, false) // the held connection went away: dial again once
                            : CompletableFuture.<PeerStream>failedFuture(error);
                })
                .thenCompose(f -> f);
    }

    /** Forgets the held connection once it closes, so that the next request dials again. */
    private void dropWhenClosed(String peer, Held held) {
        held.connection().thenAccept(c -> c.whenClosed().thenRun(() -> connections.remove(peer, held)));
        // A dial that fails leaves nothing to reuse either.
        held.connection().exceptionally(e -> {
            connections.remove(peer, held);
            return null;
        });
    }

    private void forget(String peer, Held held) {
        if (connections.remove(peer, held) && held.dialed()) {
            held.connection().thenAccept(PeerConnection::close);
        }
    }

    /**
     * The ways to reach the peer, in the order to try them: its addresses the active transport supports, then each
     * of its addresses with every other registered transport that supports it.
     */
    private List<Route> routes(Transport active, KadPeer to) {
        List<Route> routes = new ArrayList<>();
        List<Multiaddr> addresses = to.addresses();
        if (active != null) {
            for (Multiaddr address : addresses) {
                if (supports(active, address)) {
                    routes.add(new Route(active, address));
                }
            }
        }
        List<Transport> others = transports.all();
        for (Multiaddr address : addresses) {
            for (Transport transport : others) {
                if (transport != active && supports(transport, address)) {
                    routes.add(new Route(transport, address));
                }
            }
        }
        return routes;
    }

    private static boolean supports(Transport transport, Multiaddr address) {
        try {
            return transport.supports(address.toString());
        } catch (RuntimeException e) {
            return false; // a transport that cannot judge the address does not get to dial it
        }
    }

    /** Tries the routes in order; each dial must prove the peer id. */
    private CompletableFuture<PeerConnection> dial(Transport active, RuntimeException noActive, KadPeer to) {
        if (to.addresses().isEmpty()) {
            return CompletableFuture.failedFuture(new IOException("no known address for " + to.id()));
        }
        List<Route> routes = routes(active, to);
        if (routes.isEmpty()) {
            String why = noActive != null ? " (and no active transport: " + noActive.getMessage() + ")" : "";
            return CompletableFuture.failedFuture(new IOException("no transport of this node supports any address of "
                    + to.id() + ": " + to.addresses() + why, noActive));
        }
        return dialFrom(to, routes, 0, null);
    }

    private CompletableFuture<PeerConnection> dialFrom(KadPeer to, List<Route> routes, int index, Throwable last) {
        if (index >= routes.size()) {
            return CompletableFuture.failedFuture(new IOException("cannot reach " + to.id() + " at any of "
                    + to.addresses() + (last == null ? "" : ": " + last.getMessage()), last));
        }
        Route route = routes.get(index);
        String target = (route.address().peerId().isPresent() ? route.address()
                : route.address().withPeer(to.id())).toString();
        CompletableFuture<PeerConnection> attempt;
        try {
            attempt = route.transport().dial(target).toCompletableFuture();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<PeerConnection> dialing = attempt;
        return attempt.copy().orTimeout(dialTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((c, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(c);
                    }
                    if (e instanceof TimeoutException) {
                        dialing.thenAccept(PeerConnection::close); // a dial given up on must not stay open
                    }
                    return dialFrom(to, routes, index + 1, e);
                })
                .thenCompose(f -> f);
    }

    /** Closes the connections this network dialed; inbound ones belong to the transport. */
    @Override
    public void close() {
        closed = true;
        connections.forEach(this::forget);
    }
}
