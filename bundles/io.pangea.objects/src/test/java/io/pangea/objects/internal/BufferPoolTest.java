package io.pangea.objects.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class BufferPoolTest {

    @Test
    void releasedBuffersAreHandedOutAgain() {
        BufferPool pool = new BufferPool();
        ByteBuffer a = pool.acquire(1000);
        ByteBuffer b = pool.acquire(1000);
        assertThat(a.remaining()).isEqualTo(1000);
        pool.release(a);
        pool.release(b);
        for (int i = 0; i < 100; i++) {
            ByteBuffer c = pool.acquire(1000);
            ByteBuffer d = pool.acquire(900);
            assertThat(d.limit()).isEqualTo(900);
            assertThat(d.position()).isZero();
            pool.release(c);
            pool.release(d);
        }
        assertThat(pool.allocations()).isEqualTo(2);
        assertThat(pool.highWater()).isEqualTo(2000);
        assertThat(pool.lent()).isZero();
    }

    @Test
    void aSmallRequestDoesNotTakeAMuchLargerBuffer() {
        BufferPool pool = new BufferPool();
        pool.release(pool.acquire(1 << 20));
        ByteBuffer small = pool.acquire(1000);
        assertThat(small.capacity()).isEqualTo(1000);
        ByteBuffer large = pool.acquire(1 << 20);
        assertThat(pool.allocations()).isEqualTo(2);
        assertThat(pool.highWater()).isEqualTo((1 << 20) + 1000);
        assertThat(large.capacity()).isEqualTo(1 << 20);
    }

    @Test
    void countsWhatIsLent() {
        BufferPool pool = new BufferPool();
        ByteBuffer a = pool.acquire(10);
        assertThat(pool.lent()).isEqualTo(10);
        pool.release(a);
        pool.release(null);
        assertThat(pool.lent()).isZero();
    }
}
