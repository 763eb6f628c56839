package io.pangea.dht.kad.internal;


import io.pangea.api.selection.Lease;
import io.pangea.api.transport.PeerConnection;
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
 * A {@link KadNode} on the node's transports, without OSGi: its identity and addresses read from the transports (the
 * addresses of all of them, so that peers can reach it on any), the {@link TransportKadNetwork}, the inbound
 * {@link KadProtocolHandler} (server mode), and a scheduler of its own for timeouts, maintenance and re-bootstrapping
 * while the routing table is empty.
 */
public final class KadService implements AutoCloseable {
    private final KadNode node;
    private final TransportKadNetwork network;
    private final KadProtocolHandler handler;
    /** How often the transports' connections are looked through for DHT peers to adopt. */
    static final Duration ADOPT_INTERVAL = Duration.ofSeconds(2);
    private volatile ScheduledFuture<?> adopter;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<KadPeer> seeds;
    private final KadTransports transports;
    private volatile ScheduledFuture<?> bootstrapper;

    /** A service on one transport, the one {@code transports} leases. */
    public KadService(KadConfig config, Duration dialTimeout, List<String> bootstrapPeers,
                      Supplier<Lease<Transport>> transports) {
        this(config, dialTimeout, bootstrapPeers, KadTransports.single(transports));
    }

    /**
     * @throws IllegalStateException when no transport names this node's peer id yet (see {@link #self})
     */
    public KadService(KadConfig config, Duration dialTimeout, List<String> bootstrapPeers,
                      KadTransports transports) {
        this.transports = transports;
        KadPeer self = self(transports).orElseThrow(() -> new IllegalStateException(
                "no transport has a listen address with this node's /p2p/ peer id yet"));
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
        this.handler = config.server() ? new KadProtocolHandler(node, network, config.requestTimeout()) : null;
    }

    /**
     * This node as its transports name it: the peer id of the active transport's addresses (else of the first
     * transport that names one), and the addresses of every transport under that id; empty while none names an id
     * (a transport that could not listen has no addresses).
     */
    static Optional<KadPeer> self(KadTransports transports) {
        List<Transport> all = new ArrayList<>();
        try (Lease<Transport> lease = transports.active()) {
            all.add(lease.provider());
        } catch (RuntimeException e) {
            // no eligible active transport: the registered ones still name the node
        }
        transports.all().stream().filter(t -> !all.contains(t)).forEach(all::add);
        return self(all, null);
    }

    private static Optional<KadPeer> self(List<Transport> transports, PeerId known) {
        PeerId id = known;
        List<Multiaddr> addresses = new ArrayList<>();
        for (Transport transport : transports) {
            for (String text : listenAddresses(transport)) {
                Multiaddr address;
                try {
                    address = Multiaddr.parse(text);
                } catch (RuntimeException e) {
                    continue;
                }
                Optional<PeerId> peer = address.peerId();
                if (peer.isEmpty()) {
                    continue;
                }
                if (id == null) {
                    id = peer.get();
                }
                // Transports of one node share its key; an address under another id is not ours to announce.
                if (id.equals(peer.get()) && !addresses.contains(address.withoutPeer())) {
                    addresses.add(address.withoutPeer());
                }
            }
        }
        return id == null ? Optional.empty() : Optional.of(new KadPeer(id, addresses));
    }

    private static List<String> listenAddresses(Transport transport) {
        try {
            return transport.listenAddresses();
        } catch (RuntimeException e) {
            return List.of(); // a transport going away names nothing
        }
    }

    /** Takes the node's addresses anew from its transports: call when a transport came or went. */
    public void transportsChanged() {
        List<Transport> all = new ArrayList<>();
        try (Lease<Transport> lease = transports.active()) {
            all.add(lease.provider());
        } catch (RuntimeException e) {
            // the registered ones are enough
        }
        transports.all().stream().filter(t -> !all.contains(t)).forEach(all::add);
        KadPeer self = node.self();
        self(all, self.id()).ifPresent(now -> {
            if (!now.addresses().equals(self.addresses())) {
                node.updateAddresses(now.addresses());
            }
        });
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
                // One peer listed at several addresses (say TCP and QUIC) is one seed with all of them.
                KadPeer seed = new KadPeer(id, List.of(address.withoutPeer()));
                int known = out.indexOf(seed);
                if (known >= 0) {
                    KadPeer before = out.get(known);
                    List<Multiaddr> addresses = new ArrayList<>(before.addresses());
                    if (!addresses.contains(address.withoutPeer())) {
                        addresses.add(address.withoutPeer());
                    }
                    out.set(known, new KadPeer(id, addresses));
                } else {
                    out.add(seed);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Starts maintenance, then bootstraps now and again every {@code retry} while the routing table is empty.
     */
    public void start(Duration retry) {
        node.start();
        adopter = scheduler.scheduleWithFixedDelay(this::adoptConnectedPeers, ADOPT_INTERVAL.toMillis(),
                ADOPT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        bootstrapper = scheduler.scheduleWithFixedDelay(() -> {
            if (!seeds.isEmpty() && node.table().all().isEmpty()) {
                bootstrap();
            }
        }, 0, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Enters into the routing table every peer the node's transports hold an identified connection to that serves
     * {@value TransportKadNetwork#PROTOCOL} and can be dialed back — a peer reached with pangea:connect, or one
     * that dialed in for another protocol — as libp2p's DHT does on Identify, and keeps the connection for requests.
     * Polled, since the transport API has no connection events; a peer already in the table costs one lookup.
     */
    void adoptConnectedPeers() {
        for (Transport transport : transports.all()) {
            List<PeerConnection> connections;
            try {
                connections = transport.connections();
            } catch (RuntimeException e) {
                continue; // a transport going away holds nothing
            }
            for (PeerConnection connection : connections) {
                if (!connection.remoteProtocols().contains(TransportKadNetwork.PROTOCOL)) {
                    continue; // not identified yet, or not a DHT server
                }
                try {
                    PeerId id = PeerId.parse(connection.remotePeer());
                    List<Multiaddr> addresses = KadProtocolHandler.listenAddresses(connection);
                    if (!addresses.isEmpty() && !id.equals(node.self().id()) && !node.table().contains(id)) {
                        network.remember(connection);
                        node.table().seen(new KadPeer(id, addresses));
                    }
                } catch (RuntimeException e) {
                    // a peer id or address this node cannot read: left out
                }
            }
        }
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

    /** The network, for tests that watch its connection cache. */
    TransportKadNetwork network() {
        return network;
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
        ScheduledFuture<?> a = adopter;
        if (a != null) {
            a.cancel(false);
        }
        node.stop();
        network.close();
        scheduler.shutdownNow();
    }
}
