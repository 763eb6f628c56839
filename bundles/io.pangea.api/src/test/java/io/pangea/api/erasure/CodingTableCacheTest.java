package io.pangea.api.erasure;


import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CodingTableCacheTest {
    @Test
    void keepsTheRecentlyUsedWithinItsBudget() {
        AtomicInteger builds = new AtomicInteger();
        CodingTableCache<Integer, long[]> cache = new CodingTableCache<>(3 * 8, values -> values.length * 8L);
        for (int key = 0; key < 3; key++) {
            cache.get(key, k -> { builds.incrementAndGet(); return new long[1]; });
        }
        assertThat(builds).hasValue(3);
        cache.get(0, k -> new long[1]); // 0 is now the most recently used
        long[] big = cache.get(9, k -> { builds.incrementAndGet(); return new long[2]; });
        assertThat(big).hasSize(2);
        assertThat(cache.size()).isEqualTo(2); // 1 and 2 went, 0 and 9 stay
        cache.get(0, k -> { throw new AssertionError("0 should still be cached"); });
        long[] huge = cache.get(10, k -> new long[4]);
        assertThat(huge).hasSize(4);
        assertThat(cache.size()).isEqualTo(2); // larger than the budget: returned, not kept
    }
}
