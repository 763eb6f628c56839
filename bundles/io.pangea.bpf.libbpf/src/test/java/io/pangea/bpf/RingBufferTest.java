package io.pangea.bpf;

import io.pangea.bpf.testing.KernelTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Records a program writes to a ring buffer, read in order, with bounded polls. */
class RingBufferTest {
    private BpfObject object;

    @BeforeEach
    void load() {
        KernelTests.assume();
        object = TestObjects.open();
        object.setReadOnlyInt("answer", 7);
        object.load();
    }

    @AfterEach
    void close() {
        if (object != null) {
            object.close();
        }
    }

    private void run(int length) {
        object.program("count_packets").testRun(new byte[length]);
    }

    @Test
    void readsWhatTheProgramWroteInOrder() {
        try (BpfRingBuffer events = object.ringBuffer("test_events")) {
            run(60);
            run(61);
            run(62);
            List<Integer> lengths = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (lengths.size() < 3 && System.nanoTime() < deadline) {
                events.poll(Duration.ofMillis(100), record -> {
                    assertThat(record.remaining()).isEqualTo(8);
                    lengths.add(record.getInt());
                    assertThat(record.getInt()).isEqualTo(7);
                });
            }
            assertThat(lengths).containsExactly(60, 61, 62);
        }
    }

    @Test
    void anEmptyPollEndsWhenTheTimeRunsOut() {
        try (BpfRingBuffer events = object.ringBuffer("test_events")) {
            long start = System.nanoTime();
            assertThat(events.poll(Duration.ofMillis(50), record -> { })).isZero();
            assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        }
    }

    @Test
    void aConsumerFailureStopsThePollAndLeavesTheRestQueued() {
        try (BpfRingBuffer events = object.ringBuffer("test_events")) {
            run(60);
            run(61);
            assertThatThrownBy(() -> events.poll(Duration.ofSeconds(1), record -> {
                throw new IllegalStateException("consumer failed");
            })).isInstanceOf(IllegalStateException.class).hasMessage("consumer failed");
            List<Integer> rest = new ArrayList<>();
            events.poll(Duration.ofSeconds(1), record -> rest.add(record.getInt()));
            assertThat(rest).containsExactly(61);
        }
    }

    @Test
    void onlyRingBuffersAreRingBuffersAndClosedOnesRefuse() {
        assertThatThrownBy(() -> object.ringBuffer("test_hash")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a ring buffer");
        BpfRingBuffer events = object.ringBuffer("test_events");
        object.close();
        assertThat(events.closed()).isTrue();
        assertThatThrownBy(() -> events.poll(Duration.ofMillis(10), (ByteBuffer record) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
