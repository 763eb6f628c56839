package io.pangea.dht.kad.internal;

import io.pangea.api.dht.Dht;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.dht.ProviderRecordSource;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kademlia node: routing table, stores, request handler and the lookups built on them, over a {@link KadNetwork}.
 *
 * <p>Threads: the node owns none. Timeouts and maintenance run on the given scheduler; lookup steps run on whatever
 * thread completes a response. Nothing blocks.
 */
public final class KadNode implements Dht {
    private static final Duration REFRESH_INTERVAL = Duration.ofMinutes(10);
    /** Buckets deeper than this are not refreshed: in a network of n peers only ~log2(n) buckets fill. */
    private static final int MAX_REFRESH_CPL = 15;
    private static final int MAX_REFRESH_TRIALS = 1 << 12;

    /** Replaced (same id) when the node's transports, and so its addresses, change. */
    private volatile KadPeer self;
    private final KadConfig config;
    private final KadNetwork network;
    private final ScheduledExecutorService scheduler;
    private final Random random;
    private final RoutingTable table;
    private final ProviderStore providerStore;
    private final ValueStore valueStore;
    private final KadRequestHandler handler;
    private final List<ProviderRecordSource> sources = new CopyOnWriteArrayList<>();
    private final Set<ByteKey> provided = ConcurrentHashMap.newKeySet();
    private final List<ScheduledFuture<?>> maintenance = new CopyOnWriteArrayList<>();

    public KadNode(KadPeer self, KadConfig config, KadNetwork network, ScheduledExecutorService scheduler,
                   Clock clock, RecordValidator validator, Random random) {
        this.self = self;
        this.config = config;
        this.network = network;
        this.scheduler = scheduler;
        this.random = random;
        this.table = new RoutingTable(self.kadId(), config.k(), this::ping);
        this.providerStore = new ProviderStore(clock, config.providerExpiry(), config.maxProviderKeys(),
                config.maxProvidersPerKey());
        this.valueStore = new ValueStore(validator, clock, config.maxValues());
        // The keys this node announced count as held: a peer asking this node for their providers gets it at once,
        // before (or without) any other peer having stored the announcement.
        sources.add(key -> provided.contains(new ByteKey(key)));
        this.handler = new KadRequestHandler(this::self, table, providerStore, valueStore, () -> sources);
    }

    public KadPeer self() {
        return self;
    }

    /**
     * The addresses this node announces (as provider, in ADD_PROVIDER) from now on; the id stays. Called when a
     * transport comes or goes.
     */
    public void updateAddresses(List<Multiaddr> addresses) {
        self = new KadPeer(self.id(), addresses);
    }

    public KadConfig config() {
        return config;
    }

    public RoutingTable table() {
        return table;
    }

    public ProviderStore providerStore() {
        return providerStore;
    }

    /** Inbound requests; the network must not deliver any to a client-mode node. */
    public Optional<KadMessage> handle(KadPeer from, boolean fromServer, KadMessage request) {
        if (!config.server()) {
            throw new IllegalStateException("client mode: /ipfs/kad/1.0.0 is not served");
        }
        return handler.handle(from, fromServer, request);
    }

    public void addRecordSource(ProviderRecordSource source) {
        sources.add(source);
    }

    public void removeRecordSource(ProviderRecordSource source) {
        sources.remove(source);
    }

    /** Schedules bucket refresh (10 min), provider republish and record expiry sweeps. */
    public void start() {
        long refresh = REFRESH_INTERVAL.toMillis();
        long republish = config.providerRepublish().toMillis();
        maintenance.add(scheduler.scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS));
        maintenance.add(scheduler.scheduleWithFixedDelay(this::republishProviders, republish, republish,
                TimeUnit.MILLISECONDS));
        maintenance.add(scheduler.scheduleWithFixedDelay(providerStore::sweep, 1, 1, TimeUnit.HOURS));
    }

    public void stop() {
        maintenance.forEach(f -> f.cancel(false));
        maintenance.clear();
    }

    // ---- requests with timeouts ----

    /** One request with the configured timeout; the table learns whether the peer answered. */
    CompletableFuture<KadMessage> query(KadPeer peer, KadMessage request) {
        CompletableFuture<KadMessage> response = withTimeout(network.request(peer, request));
        return response.whenComplete((msg, error) -> {
            if (error == null) {
                table.seen(peer);
            } else {
                table.remove(peer.id());
            }
        });
    }

    private CompletionStage<Boolean> ping(KadPeer peer) {
        return withTimeout(network.request(peer, KadMessage.request(KadMessage.Type.PING, new byte[0])))
                .handle((msg, error) -> error == null);
    }

    private <T> CompletableFuture<T> withTimeout(CompletionStage<T> stage) {
        CompletableFuture<T> out = new CompletableFuture<>();
        ScheduledFuture<?> timer = scheduler.schedule(
                () -> out.completeExceptionally(new TimeoutException("kad request timed out")),
                config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        stage.whenComplete((value, error) -> {
            timer.cancel(false);
            if (error != null) {
                out.completeExceptionally(error);
            } else {
                out.complete(value);
            }
        });
        return out;
    }

    // ---- lookups ----

    public CompletableFuture<LookupResult> lookup(KadMessage.Type type, byte[] key, int providerLimit) {
        return newLookup(type, key, providerLimit).run(table.closest(config.k(), KadId.ofKey(key)));
    }

    private Lookup newLookup(KadMessage.Type type, byte[] key, int providerLimit) {
        return new Lookup(type, key, self.id(), config.k(), config.alpha(), providerLimit, this::query,
                valueStore::isValid);
    }

    /** Joins the network through {@code seeds}: a lookup of our own id, then a refresh of every bucket. */
    public CompletableFuture<Void> bootstrap(List<KadPeer> seeds) {
        return newLookup(KadMessage.Type.FIND_NODE, self.id().bytes(), Integer.MAX_VALUE).run(seeds)
                .thenCompose(r -> refresh());
    }

    /** Looks up a random point in each bucket up to the deepest non-empty one, filling the table. */
    public CompletableFuture<Void> refresh() {
        int deepest = Math.min(table.deepestBucket(), MAX_REFRESH_CPL);
        List<CompletableFuture<LookupResult>> all = new ArrayList<>();
        all.add(lookup(KadMessage.Type.FIND_NODE, self.id().bytes(), Integer.MAX_VALUE));
        for (int cpl = 0; cpl <= deepest; cpl++) {
            randomKeyInBucket(cpl).ifPresent(key ->
                    all.add(lookup(KadMessage.Type.FIND_NODE, key, Integer.MAX_VALUE)));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * A random key whose point shares exactly {@code cpl} bits with ours, found by trial as go-libp2p-kad-dht does
     * (peers hash the key, so the point cannot be chosen directly). Deep buckets, whose keys take ~2^(cpl+1) trials,
     * are left to the lookup of our own id, which fills them anyway.
     */
    Optional<byte[]> randomKeyInBucket(int cpl) {
        byte[] key = new byte[32];
        for (int i = 0; i < MAX_REFRESH_TRIALS; i++) {
            synchronized (random) {
                random.nextBytes(key);
            }
            if (self.kadId().commonPrefixLength(KadId.ofKey(key)) == cpl) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    // ---- providers ----

    @Override
    public CompletionStage<Void> provide(byte[] key) {
        provided.add(new ByteKey(key));
        return announce(key);
    }

    @Override
    public void unprovide(byte[] key) {
        provided.remove(new ByteKey(key));
    }

    /** Re-announces every provided key (every {@code providerRepublish}). */
    public CompletableFuture<Void> republishProviders() {
        return CompletableFuture.allOf(provided.stream().map(k -> announce(k.bytes()))
                .toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> announce(byte[] key) {
        KadMessage add = KadMessage.request(KadMessage.Type.ADD_PROVIDER, key)
                .withProviderPeers(List.of(KadMessage.Peer.of(self())));
        return lookup(KadMessage.Type.FIND_NODE, key, Integer.MAX_VALUE).thenCompose(r ->
                CompletableFuture.allOf(r.closest().stream()
                        .map(p -> withTimeout(network.send(p, add)).exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new)));
    }

    /** Providers known here (record sources, then the store), then a GET_PROVIDERS lookup if they are too few. */
    public CompletableFuture<LookupResult> findProvidersDetailed(byte[] key, int limit) {
        List<KadPeer> local = new ArrayList<>();
        if (handler.holdsLocally(key)) {
            local.add(self());
        }
        local.addAll(providerStore.providers(key));
        if (local.size() >= limit) {
            return CompletableFuture.completedFuture(
                    new LookupResult(List.of(), local.subList(0, limit), Optional.empty(), 0, 0, 0));
        }
        return lookup(KadMessage.Type.GET_PROVIDERS, key, limit - local.size()).thenApply(r -> {
            List<KadPeer> all = new ArrayList<>(local);
            r.providers().stream().filter(p -> !all.contains(p)).forEach(all::add);
            return new LookupResult(r.closest(), all.subList(0, Math.min(limit, all.size())), r.value(),
                    local.isEmpty() ? r.hops() : 0, r.queried(), r.failed());
        });
    }

    @Override
    public CompletionStage<List<PeerInfo>> findProviders(byte[] key, int limit) {
        return findProvidersDetailed(key, limit)
                .thenApply(r -> r.providers().stream().map(KadPeer::toPeerInfo).toList());
    }

    @Override
    public CompletionStage<Optional<PeerInfo>> findPeer(String peerId) {
        PeerId id = PeerId.parse(peerId);
        Lookup lookup = newLookup(KadMessage.Type.FIND_NODE, id.bytes(), Integer.MAX_VALUE);
        return lookup.run(table.closest(config.k(), KadId.ofPeer(id)))
                .thenApply(r -> lookup.heardOf(id).map(KadPeer::toPeerInfo));
    }

    // ---- values ----

    @Override
    public CompletionStage<Void> putValue(byte[] key, byte[] value) {
        valueStore.put(key, value); // validates before anything is sent
        KadMessage put = KadMessage.request(KadMessage.Type.PUT_VALUE, key)
                .withRecord(new KadMessage.Record(key, value, ""));
        return lookup(KadMessage.Type.FIND_NODE, key, Integer.MAX_VALUE).thenCompose(r ->
                CompletableFuture.allOf(r.closest().stream()
                        .map(p -> query(p, put).exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new)));
    }

    @Override
    public CompletionStage<Optional<byte[]>> getValue(byte[] key) {
        Optional<KadMessage.Record> local = valueStore.get(key);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(Optional.of(local.get().value()));
        }
        return lookup(KadMessage.Type.GET_VALUE, key, Integer.MAX_VALUE).thenApply(LookupResult::value);
    }

    @Override
    public List<PeerInfo> routingTable() {
        return table.all().stream().map(KadPeer::toPeerInfo).toList();
    }
}
