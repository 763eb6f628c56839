package io.pangea.dht.kad.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link KadNode} on the active transport, without OSGi: its identity and addresses read from the transport, the
 * {@link TransportKadNetwork}, the inbound {@link KadProtocolHandler} (server mode), and a scheduler of its own for
 * timeouts, maintenance and re-bootstrapping while the routing table is empty.
 */
public final class KadService implements AutoCloseable {
    private final KadNode node;
    private final TransportKadNetwork network;
    private final KadProtocolHandler handler;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<KadPeer> seeds;
    private final Supplier<Lease<Transport>> transports;
    private volatile ScheduledFuture<?> bootstrapper;

    public KadService(KadConfig config, Duration dialTimeout, List<String> bootstrapPeers,
                      Supplier<Lease<Transport>> transports) {
        this.transports = transports;
        KadPeer self = self(transports);
        this.seeds = seeds(bootstrapPeers, self.id());
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "pangea-kad " + self.id());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.network = new TransportKadNetwork(transports, config.requestTimeout(), dialTimeout);
        this.node = new KadNode(self, config, network, scheduler, Clock.systemUTC(), RecordValidator.DEFAULT,
                new SecureRandom());
        this.handler = config.server()
                ? new KadProtocolHandler(node, network, this::currentTransport, config.requestTimeout()) : null;
    }

    /** This node as the transport names it: the {@code /p2p/} id of its listen addresses, and those addresses. */
    static KadPeer self(Supplier<Lease<Transport>> transports) {
        try (Lease<Transport> lease = transports.get()) {
            List<Multiaddr> addresses = new ArrayList<>();
            PeerId id = null;
            for (String text : lease.provider().listenAddresses()) {
                Multiaddr address = Multiaddr.parse(text);
                Optional<PeerId> peer = address.peerId();
                if (peer.isPresent()) {
                    if (id != null && !id.equals(peer.get())) {
                        throw new IllegalStateException("transport " + lease.name()
                                + " names two peer ids: " + id + " and " + peer.get());
                    }
                    id = peer.get();
                }
                addresses.add(address.withoutPeer());
            }
            if (id == null) {
                throw new IllegalStateException("transport " + lease.name()
                        + " has no listen address with a /p2p/ peer id: " + lease.provider().listenAddresses());
            }
            return new KadPeer(id, addresses);
        }
    }

    /** The configured bootstrap peers; each must be a multiaddr ending in {@code /p2p/<id>}. */
    static List<KadPeer> seeds(List<String> bootstrapPeers, PeerId self) {
        List<KadPeer> out = new ArrayList<>();
        for (String text : bootstrapPeers) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Multiaddr address;
            try {
                address = Multiaddr.parse(text.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bootstrap peer '" + text + "' is not a multiaddr: "
                        + e.getMessage(), e);
            }
            PeerId id = address.peerId().orElseThrow(() -> new IllegalArgumentException(
                    "bootstrap peer '" + text + "' has no /p2p/<peer-id>"));
            if (!id.equals(self)) {
                out.add(new KadPeer(id, List.of(address.withoutPeer())));
            }
        }
        return List.copyOf(out);
    }

    private Optional<Transport> currentTransport() {
        try (Lease<Transport> lease = transports.get()) {
            return Optional.of(lease.provider());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts maintenance, then bootstraps now and again every {@code retry} while the routing table is empty.
     */
    public void start(Duration retry) {
        node.start();
        bootstrapper = scheduler.scheduleWithFixedDelay(() -> {
            if (!seeds.isEmpty() && node.table().all().isEmpty()) {
                bootstrap();
            }
        }, 0, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Joins through the bootstrap peers; completes (never exceptionally) once the lookups are done. */
    public CompletableFuture<Void> bootstrap() {
        if (seeds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return node.bootstrap(seeds).exceptionally(e -> null);
    }

    public KadNode node() {
        return node;
    }

    public List<KadPeer> seeds() {
        return seeds;
    }

    /** The inbound handler; empty in client mode. */
    public Optional<KadProtocolHandler> handler() {
        return Optional.ofNullable(handler);
    }

    @Override
    public void close() {
        ScheduledFuture<?> b = bootstrapper;
        if (b != null) {
            b.cancel(false);
        }
        node.stop();
        network.close();
        scheduler.shutdownNow();
    }
}
