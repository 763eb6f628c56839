package io.pangea.guard.userspace.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    @Test
    void followsAtMostItsCapacityForgettingIdleSourcesFirst() {
        RateLimiter limiter = new RateLimiter(2, 100, clock::get);
        IntStream.range(0, 100).forEach(i -> assertThat(limiter.tryAcquire(0, i)).isTrue());
        clock.addAndGet(RateLimiter.SECOND_NS);
        // The first 100 have their whole budget again: forgetting them costs nothing.
        assertThat(limiter.tryAcquire(0, 1000)).isTrue();
        assertThat(limiter.tryAcquire(0, 1000)).isTrue();
        assertThat(limiter.tryAcquire(0, 1000)).as("one second's worth").isFalse();
        assertThat(limiter.trackedSources()).isEqualTo(1);

        IntStream.range(0, 10_000).forEach(i -> limiter.tryAcquire(1, i));
        assertThat(limiter.trackedSources()).as("sources in debt are forgotten too").isLessThanOrEqualTo(100);
    }

    @Test
    void budgetRefillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(4, 16, clock::get);
        assertThat(IntStream.range(0, 10).filter(i -> limiter.tryAcquire(0, 7)).count()).isEqualTo(4);
        clock.addAndGet(RateLimiter.SECOND_NS / 2);
        assertThat(IntStream.range(0, 10).filter(i -> limiter.tryAcquire(0, 7)).count()).isEqualTo(2);
    }
}
