package io.pangea.objects.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import io.pangea.api.testing.Fakes;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkerTest {
    private static final long GIB = 1L << 30;

    @Test
    void theSeedsTiers() {
        assertThat(Chunker.tier(32 * GIB)).isEqualTo(Chunker.Tier.LARGE);
        assertThat(Chunker.tier(16 * GIB + 1)).isEqualTo(Chunker.Tier.LARGE);
        assertThat(Chunker.tier(16 * GIB)).isEqualTo(Chunker.Tier.MEDIUM);
        assertThat(Chunker.tier(4 * GIB + 1)).isEqualTo(Chunker.Tier.MEDIUM);
        assertThat(Chunker.tier(4 * GIB)).isEqualTo(Chunker.Tier.TINY);
        assertThat(Chunker.segmentSize(Chunker.Tier.LARGE)).isEqualTo(100 << 20);
        assertThat(Chunker.segmentSize(Chunker.Tier.MEDIUM)).isEqualTo(10 << 20);
        assertThat(Chunker.segmentSize(Chunker.Tier.TINY)).isEqualTo(64 << 10);
    }

    @Test
    void usableMemoryIsTheSmallerOfAvailableAndHeap() {
        var smallHeap = Fakes.facts(Fact.of(FactNames.MEMORY_AVAILABLE, 24 * GIB, "t"),
                Fact.of(FactNames.HEAP_MAX, 128L << 20, "t"));
        var smallMachine = Fakes.facts(Fact.of(FactNames.MEMORY_AVAILABLE, 3 * GIB, "t"),
                Fact.of(FactNames.HEAP_MAX, 8 * GIB, "t"));
        assertThat(Chunker.usableMemory(Optional.of(smallHeap))).isEqualTo(128L << 20);
        assertThat(Chunker.usableMemory(Optional.of(smallMachine))).isEqualTo(3 * GIB);
        assertThat(Chunker.usableMemory(Optional.empty())).isEqualTo(Runtime.getRuntime().maxMemory());
        // An unknown or masked-away fact does not count.
        var noAvailable = Fakes.facts(Fact.of(FactNames.MEMORY_AVAILABLE, "unknown", "t"),
                Fact.of(FactNames.HEAP_MAX, 6 * GIB, "t"));
        assertThat(Chunker.usableMemory(Optional.of(noAvailable))).isEqualTo(6 * GIB);
    }

    @Test
    void coresFromTheFacts() {
        assertThat(Chunker.cores(Optional.of(Fakes.facts(Fact.of(FactNames.CPU_CORES, 12, "t"))))).isEqualTo(12);
        assertThat(Chunker.cores(Optional.empty())).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void segmentsInFlightFollowMemoryAndCores() {
        Chunker.Plan big = Chunker.plan(24 * GIB, 8, 10, 4, 0, 0);
        assertThat(big.tier()).isEqualTo(Chunker.Tier.LARGE);
        // A quarter of 24 GiB holds 13 segments of 100 MiB with their shards; 8 cores would take 18.
        assertThat(big.segmentsInFlight()).isEqualTo(13);
        assertThat(Chunker.plan(128 * GIB, 8, 10, 4, 0, 0).segmentsInFlight()).isEqualTo(2 * 8 + 2);

        Chunker.Plan medium = Chunker.plan(6 * GIB, 2, 10, 4, 0, 0);
        assertThat(medium.segmentSize()).isEqualTo(10 << 20);
        assertThat(medium.segmentsInFlight()).isEqualTo(6);

        // Tiny segments wait on the disk more than on the CPU: more of them at once.
        Chunker.Plan tiny = Chunker.plan(128L << 20, 2, 10, 4, 0, 0);
        assertThat(tiny.segmentsInFlight()).isEqualTo(16);

        // Little memory for large configured segments: the floor of two.
        Chunker.Plan tight = Chunker.plan(256L << 20, 16, 10, 4, 100 << 20, 0);
        assertThat(tight.tier()).isEqualTo(Chunker.Tier.CONFIGURED);
        assertThat(tight.segmentsInFlight()).isEqualTo(2);

        assertThat(Chunker.plan(GIB, 2, 10, 4, 0, 5).segmentsInFlight()).isEqualTo(5);
    }

    @Test
    void theFootprintCoversPutAndGet() {
        int segment = 10 << 20;
        long footprint = Chunker.footprint(segment, 10, 4);
        // plaintext + compressed bound + 14 shards of a tenth, at least
        assertThat(footprint).isGreaterThan(segment + (long) segment + 14L * segment / 10);
        assertThat(footprint).isLessThan(5L * segment);
        assertThat(Chunker.shardRoom(segment, 10)).isEqualTo((segment + 64 + 9) / 10);
    }
}
