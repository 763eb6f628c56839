package io.pangea.objects.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import io.pangea.api.objects.ProgressListener;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.testing.Fakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A file much larger than a segment goes through in the buffers of the segments in flight, and no more. */
class BoundedMemoryTest {
    private static final long FILE = 48L << 20;

    @TempDir
    Path directory;

    @Test
    void aSmallHeapStreamsInTinySegmentsWithinTheSegmentsInFlight() throws Exception {
        ObjectPipeline.Settings auto = new ObjectPipeline.Settings(10, 4, 0, 0, ObjectPipeline.SEGMENTS_PER_PAGE);
        try (Fixture node = new Fixture(directory, TestProviders.all(directory), auto)) {
            node.store.setFacts(Fakes.facts(Fact.of(FactNames.HEAP_MAX, 128L << 20, "test"),
                    Fact.of(FactNames.MEMORY_AVAILABLE, 20L << 30, "test"), Fact.of(FactNames.CPU_CORES, 2, "test")));
            Path source = directory.resolve("large.bin");
            byte[] sourceHash = writeLargeFile(source);

            ObjectPipeline.PutOutcome put = node.store.putWithOutcome(source, PutOptions.defaults(), null);
            Chunker.Plan plan = put.plan();
            assertThat(plan.tier()).isEqualTo(Chunker.Tier.TINY);
            assertThat(plan.segmentSize()).isEqualTo(64 << 10);
            assertThat(plan.usableMemory()).isEqualTo(128L << 20);
            assertThat(put.root().segmentCount()).isEqualTo(FILE / (64 << 10));

            long bound = plan.segmentsInFlight() * Chunker.footprint(plan.segmentSize(), 10, 4);
            assertThat(put.bufferHighWater()).as("put's buffers").isPositive().isLessThanOrEqualTo(bound);
            assertThat(bound).isLessThan(FILE / 8);

            ObjectPipeline.GetOutcome get = node.store.pipeline().get(put.capability(), directory.resolve("large.out"),
                    false, ProgressListener.NONE);
            assertThat(get.bufferHighWater()).as("get's buffers").isPositive().isLessThanOrEqualTo(bound);
            assertThat(sha256(get.output())).isEqualTo(sourceHash);

            var report = node.store.verify(put.capability(), false, null);
            assertThat(report.healthy()).isTrue();
            assertThat(report.shardsChecked()).isEqualTo(put.root().segmentCount() * 14);
        }
    }

    @Test
    void configuredLargerSegmentsStayWithinTheirBoundToo() throws Exception {
        ObjectPipeline.Settings settings = new ObjectPipeline.Settings(6, 3, 1 << 20, 3, 8);
        try (Fixture node = new Fixture(directory, TestProviders.all(directory), settings)) {
            Path source = directory.resolve("large.bin");
            byte[] sourceHash = writeLargeFile(source);
            ObjectPipeline.PutOutcome put = node.store.putWithOutcome(source, PutOptions.defaults(), null);
            long bound = 3 * Chunker.footprint(1 << 20, 6, 3);
            assertThat(put.plan().segmentsInFlight()).isEqualTo(3);
            assertThat(put.bufferHighWater()).isLessThanOrEqualTo(bound);

            ObjectPipeline.GetOutcome get = node.store.pipeline().get(put.capability(), directory.resolve("large.out"),
                    false, ProgressListener.NONE);
            assertThat(get.bufferHighWater()).isLessThanOrEqualTo(bound);
            assertThat(sha256(get.output())).isEqualTo(sourceHash);
        }
    }

    /** Half compressible text, half random, written in pieces. */
    private static byte[] writeLargeFile(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] piece = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < FILE; written += piece.length) {
                if ((written >> 20) % 2 == 0) {
                    random.nextBytes(piece);
                } else {
                    piece = Fixture.compressible(piece.length, written);
                }
                digest.update(piece);
                out.write(piece);
            }
        }
        return digest.digest();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return digest.digest();
    }
}
