package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KadNodeTest {
    private final Random random = new Random(11);
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final MutableClock clock = new MutableClock();
    private final InMemoryKadNetwork network = new InMemoryKadNetwork(pool);
    private final KadConfig config = KadConfig.defaults().withRequestTimeout(Duration.ofMillis(200));

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    private List<KadNode> network(int n) throws Exception {
        List<KadNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(network.addNode(InMemoryKadNetwork.randomPeer(random), config, timer, clock, i));
        }
        KadPeer seed = nodes.get(0).self();
        for (KadNode node : nodes.subList(1, n)) {
            node.bootstrap(List.of(seed)).get(10, TimeUnit.SECONDS);
        }
        return nodes;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void bootstrapFillsTablesAndFindNodeReachesTheTarget() throws Exception {
        List<KadNode> nodes = network(40);
        assertThat(nodes).allSatisfy(n -> assertThat(n.table().size()).isGreaterThanOrEqualTo(10));
        KadNode target = nodes.get(33);
        Optional<PeerInfo> found = await(nodes.get(7).findPeer(target.self().id().toBase58()));
        assertThat(found).map(PeerInfo::peerId).hasValue(target.self().id().toBase58());
        assertThat(nodes.get(5).routingTable()).isNotEmpty();
    }

    @Test
    void provideThenFindProvidersAndExpiry() throws Exception {
        List<KadNode> nodes = network(30);
        byte[] key = "some cid multihash".getBytes();
        await(nodes.get(3).provide(key));
        LookupResult r = await(nodes.get(20).findProvidersDetailed(key, 1));
        assertThat(r.providers()).containsExactly(nodes.get(3).self());
        assertThat(r.hops()).isBetween(0, 4);

        clock.advance(Duration.ofHours(49)); // every stored record expired ...
        assertThat(await(nodes.get(20).findProviders(key, 1))).isEmpty();
        await(nodes.get(3).republishProviders()); // ... until the provider republishes
        assertThat(await(nodes.get(20).findProviders(key, 1))).hasSize(1);
        nodes.get(3).unprovide(key);
        clock.advance(Duration.ofHours(49));
        await(nodes.get(3).republishProviders());
        assertThat(await(nodes.get(20).findProviders(key, 1))).isEmpty();
    }

    @Test
    void recordSourcesAnswerForTheShardsReallyHeld() throws Exception {
        List<KadNode> nodes = network(25);
        byte[] held = {1, 2, 3};
        KadNode holder = nodes.get(4);
        holder.addRecordSource(k -> Arrays.equals(k, held));
        KadMessage answer = holder.handle(nodes.get(9).self(), true,
                KadMessage.request(KadMessage.Type.GET_PROVIDERS, held)).orElseThrow();
        assertThat(answer.providerPeers()).extracting(KadMessage.Peer::id).containsExactly(holder.self().id());
        assertThat(holder.handle(nodes.get(9).self(), true,
                KadMessage.request(KadMessage.Type.GET_PROVIDERS, new byte[] {9})).orElseThrow().providerPeers())
                .isEmpty();
        assertThat(await(holder.findProviders(held, 1))).extracting(PeerInfo::peerId)
                .containsExactly(holder.self().id().toBase58());
        holder.addRecordSource(k -> {
            throw new IllegalStateException("broken source");
        });
        assertThat(holder.findProviders(new byte[] {7}, 1).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void addProviderOnlyForTheSenderItself() throws Exception {
        List<KadNode> nodes = network(5);
        KadNode server = nodes.get(0);
        KadPeer sender = nodes.get(1).self();
        KadPeer other = nodes.get(2).self();
        byte[] key = {5};
        server.handle(sender, true, KadMessage.request(KadMessage.Type.ADD_PROVIDER, key)
                .withProviderPeers(List.of(KadMessage.Peer.of(other))));
        assertThat(server.providerStore().providers(key)).isEmpty();
        assertThat(server.handle(sender, true, KadMessage.request(KadMessage.Type.ADD_PROVIDER, key)
                .withProviderPeers(List.of(KadMessage.Peer.of(sender))))).isEmpty();
        assertThat(server.providerStore().providers(key)).containsExactly(sender);
    }

    @Test
    void putAndGetValidatedValues() throws Exception {
        List<KadNode> nodes = network(25);
        byte[] value = "manifest".getBytes();
        byte[] key = RecordValidator.sha256Key(value);
        await(nodes.get(2).putValue(key, value));
        assertThat(await(nodes.get(17).getValue(key))).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
        assertThat(await(nodes.get(17).getValue(RecordValidator.sha256Key(new byte[] {0})))).isEmpty();
        assertThatThrownBy(() -> nodes.get(2).putValue("/bad".getBytes(), value))
                .isInstanceOf(IllegalArgumentException.class);
        KadMessage forged = KadMessage.request(KadMessage.Type.PUT_VALUE, key)
                .withRecord(new KadMessage.Record(key, "other".getBytes(), ""));
        assertThatThrownBy(() -> nodes.get(3).handle(nodes.get(4).self(), true, forged))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(nodes.get(3).handle(nodes.get(4).self(), true, KadMessage.request(KadMessage.Type.PING,
                new byte[0]))).map(KadMessage::type).hasValue(KadMessage.Type.PING);
    }

    @Test
    void clientModeNodesQueryButAreNeitherAskedNorListed() throws Exception {
        List<KadNode> nodes = network(20);
        KadNode client = network.addNode(InMemoryKadNetwork.randomPeer(random), config.withServer(false), timer,
                clock, 99);
        await(client.bootstrap(List.of(nodes.get(0).self())));
        assertThat(client.table().size()).isGreaterThan(5);
        assertThat(nodes).noneSatisfy(n -> assertThat(n.table().contains(client.self().id())).isTrue());
        assertThatThrownBy(() -> client.handle(nodes.get(1).self(), true,
                KadMessage.request(KadMessage.Type.PING, new byte[0]))).isInstanceOf(IllegalStateException.class);
        byte[] key = {4, 4};
        await(nodes.get(6).provide(key));
        assertThat(await(client.findProviders(key, 1))).hasSize(1);
    }

    @Test
    void deadPeersTimeOutAndLeaveTheTable() throws Exception {
        List<KadNode> nodes = network(30);
        KadNode asker = nodes.get(1);
        List<KadPeer> known = asker.table().all();
        known.subList(0, known.size() / 2).forEach(p -> network.kill(p.id()));
        long start = System.nanoTime();
        LookupResult r = await(asker.lookup(KadMessage.Type.FIND_NODE, new byte[] {1}, Integer.MAX_VALUE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.failed()).isPositive();
        assertThat(r.closest()).isNotEmpty().noneMatch(p -> known.subList(0, known.size() / 2).contains(p));
        List<KadPeer> killed = known.subList(0, known.size() / 2);
        assertThat(asker.table().all().stream().filter(killed::contains).count())
                .isEqualTo(killed.size() - r.failed()); // every timed-out peer was dropped
    }

    @Test
    void lookupKeepsAtMostAlphaRequestsInFlight() throws Exception {
        List<KadNode> nodes = network(30);
        int[] inFlight = {0, 0};
        KadNode asker = nodes.get(2);
        Lookup lookup = new Lookup(KadMessage.Type.FIND_NODE, new byte[] {3}, asker.self().id(), 20, 3,
                Integer.MAX_VALUE, (peer, request) -> {
                    synchronized (inFlight) {
                        inFlight[0]++;
                        inFlight[1] = Math.max(inFlight[1], inFlight[0]);
                    }
                    return asker.query(peer, request).whenComplete((m, e) -> {
                        synchronized (inFlight) {
                            inFlight[0]--;
                        }
                    });
                }, rec -> true);
        CompletableFuture<LookupResult> r = lookup.run(asker.table().closest(20, KadId.ofKey(new byte[] {3})));
        assertThat(r.get(10, TimeUnit.SECONDS).closest()).hasSize(20);
        assertThat(inFlight[1]).isLessThanOrEqualTo(3);
    }
}
