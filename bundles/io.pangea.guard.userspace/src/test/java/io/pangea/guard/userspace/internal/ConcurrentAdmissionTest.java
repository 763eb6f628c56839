package io.pangea.guard.userspace.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardRules;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.pangea.guard.userspace.internal.GuardPolicy.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

/** Many threads admitting while apply() swaps the rules: every verdict is one whole rule set's, counted once. */
class ConcurrentAdmissionTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 50_000;

    @Test
    void verdictsComeFromOneWholeRuleSetAndCountersAddUp() throws Exception {
        GuardPolicy policy = new GuardPolicy(1024, true, System::nanoTime);
        // Mixing A's mode with B's tables (or back) would refuse 198.51.100.1 or admit 192.0.2.1 as known.
        GuardRules denyList = Rules.denyList(7000).deny("192.0.2.0/24").build();
        GuardRules allowList = Rules.allowList(7000).allow("198.51.100.0/24", "2001:db8:1::/48").build();
        policy.apply(denyList);
        InetAddress denied = GuardPolicyTest.address("192.0.2.1");
        InetAddress known = GuardPolicyTest.address("198.51.100.1");
        InetAddress known6 = GuardPolicyTest.address("2001:db8:1::1");

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        Thread swapper = new Thread(() -> {
            boolean flip = false;
            while (running.get()) {
                policy.apply((flip = !flip) ? allowList : denyList);
            }
        });
        List<Future<Map<Verdict, Long>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            results.add(pool.submit(() -> {
                Map<Verdict, Long> tally = new EnumMap<>(Verdict.class);
                start.await();
                for (int i = 0; i < ROUNDS; i++) {
                    Verdict first = policy.judge(denied, 7000);
                    assertThat(first).isIn(Verdict.DROPPED_DENIED, Verdict.DROPPED_UNKNOWN);
                    Verdict second = policy.judge(i % 2 == 0 ? known : known6, 7000);
                    assertThat(second).isEqualTo(Verdict.PASSED);
                    assertThat(policy.judge(known, 22)).isEqualTo(Verdict.NOT_JUDGED);
                    tally.merge(first, 1L, Long::sum);
                    tally.merge(second, 1L, Long::sum);
                }
                return tally;
            }));
        }
        swapper.start();
        start.countDown();
        Map<Verdict, Long> total = new EnumMap<>(Verdict.class);
        for (Future<Map<Verdict, Long>> result : results) {
            result.get(60, TimeUnit.SECONDS).forEach((verdict, n) -> total.merge(verdict, n, Long::sum));
        }
        running.set(false);
        swapper.join();
        pool.shutdown();

        assertThat(total.get(Verdict.DROPPED_DENIED)).as("both rule sets were seen").isPositive();
        assertThat(policy.counters()).isEqualTo(new GuardCounters(total.getOrDefault(Verdict.PASSED, 0L),
                total.getOrDefault(Verdict.DROPPED_DENIED, 0L), total.getOrDefault(Verdict.DROPPED_UNKNOWN, 0L), 0));
        assertThat(policy.counters().passed()).isEqualTo((long) THREADS * ROUNDS);
    }

    @Test
    void oneSourceFromManyThreadsGetsExactlyItsBurst() throws Exception {
        AtomicLong frozen = new AtomicLong(42);
        GuardPolicy policy = new GuardPolicy(1024, true, frozen::get);
        policy.apply(Rules.denyList(7000).rate(5_000).build());
        InetAddress source = GuardPolicyTest.address("192.0.2.10");
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> admitted = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            admitted.add(pool.submit(() -> {
                start.await();
                long n = 0;
                for (int i = 0; i < 2_000; i++) {
                    n += policy.admit(source, 7000) ? 1 : 0;
                }
                return n;
            }));
        }
        start.countDown();
        long sum = 0;
        for (Future<Long> f : admitted) {
            sum += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(sum).isEqualTo(5_000);
        assertThat(policy.counters()).isEqualTo(new GuardCounters(5_000, 0, 0, THREADS * 2_000L - 5_000));
    }
}
