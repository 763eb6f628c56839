package io.pangea.dht.kad.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The network simulation: n nodes on the in-memory network, bootstrapped from a few seeds, provider announcements,
 * a fraction of nodes killed, then lookups from random survivors. Two pool threads deliver messages and one timer
 * thread applies timeouts; everything else is asynchronous, at most {@code window} operations in flight.
 */
final class KadSimulation {
    record Report(int lookups, int succeeded, int[] hops, long millis) {
        double successRate() {
            return 100.0 * succeeded / lookups;
        }

        int percentile(double p) {
            int[] sorted = hops.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
        }

        int max() {
            return Arrays.stream(hops).max().orElse(-1);
        }

        @Override
        public String toString() {
            return String.format("success %.1f%% (%d/%d), hops median %d, p90 %d, max %d, %d ms", successRate(),
                    succeeded, lookups, percentile(0.5), percentile(0.9), max(), millis);
        }
    }

    static Report run(long seed, int nodes, int seeds, int announcements, double killFraction, int lookups)
            throws Exception {
        long start = System.nanoTime();
        Random random = new Random(seed);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            InMemoryKadNetwork network = new InMemoryKadNetwork(pool);
            KadConfig config = KadConfig.defaults().withRequestTimeout(Duration.ofMillis(200));
            List<KadNode> all = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                all.add(network.addNode(InMemoryKadNetwork.randomPeer(random), config, timer, Clock.systemUTC(),
                        random.nextLong()));
            }
            List<KadPeer> seedPeers = all.subList(0, seeds).stream().map(KadNode::self).toList();
            // seeds know each other; everyone else joins through them, a window at a time
            for (KadNode s : all.subList(0, seeds)) {
                seedPeers.forEach(s.table()::seen);
            }
            inWindows(all.subList(seeds, nodes), 50, n -> n.bootstrap(seedPeers));
            inWindows(all, 50, KadNode::refresh);

            List<byte[]> keys = new ArrayList<>();
            List<KadNode> providers = new ArrayList<>();
            for (int i = 0; i < announcements; i++) {
                byte[] key = new byte[34];
                random.nextBytes(key);
                keys.add(key);
                providers.add(all.get(random.nextInt(nodes)));
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < announcements; i++) {
                order.add(i);
            }
            inWindows(order, 50, i -> providers.get(i).provide(keys.get(i)).toCompletableFuture());

            List<KadNode> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, random);
            int killed = (int) Math.round(nodes * killFraction);
            shuffled.subList(0, killed).forEach(n -> network.kill(n.self().id()));
            List<KadNode> survivors = shuffled.subList(killed, nodes);

            List<CompletableFuture<LookupResult>> results = new ArrayList<>();
            List<Runnable> plan = new ArrayList<>();
            for (int i = 0; i < lookups; i++) {
                KadNode from = survivors.get(random.nextInt(survivors.size()));
                byte[] key = keys.get(random.nextInt(keys.size()));
                plan.add(() -> results.add(from.findProvidersDetailed(key, 1)));
            }
            List<LookupResult> done = new ArrayList<>();
            for (int i = 0; i < plan.size(); i += 100) {
                results.clear();
                plan.subList(i, Math.min(plan.size(), i + 100)).forEach(Runnable::run);
                for (CompletableFuture<LookupResult> r : results) {
                    done.add(r.get(60, TimeUnit.SECONDS));
                }
            }
            int ok = (int) done.stream().filter(LookupResult::found).count();
            int[] hops = done.stream().filter(LookupResult::found).mapToInt(LookupResult::hops).toArray();
            return new Report(lookups, ok, hops, (System.nanoTime() - start) / 1_000_000);
        } finally {
            pool.shutdownNow();
            timer.shutdownNow();
        }
    }

    private static <T> void inWindows(List<T> items, int window,
                                      java.util.function.Function<T, CompletableFuture<?>> op) throws Exception {
        for (int i = 0; i < items.size(); i += window) {
            List<CompletableFuture<?>> batch = new ArrayList<>();
            for (T item : items.subList(i, Math.min(items.size(), i + window))) {
                batch.add(op.apply(item));
            }
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
    }
}
