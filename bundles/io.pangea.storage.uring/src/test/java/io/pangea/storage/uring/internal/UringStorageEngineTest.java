package io.pangea.storage.uring.internal;

import io.pangea.api.storage.TemporaryFiles;

import io.pangea.api.storage.StorageEngine;
import io.pangea.storage.contract.StorageEngineContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UringStorageEngineTest extends StorageEngineContract {

    @Override
    protected StorageEngine newEngine() throws IOException {
        return UringStorageEngine.open(UringStorageEngine.DEFAULT_ENTRIES);
    }

    @Override
    protected int cleanTemporaryFiles(StorageEngine engine, Path dir) throws IOException {
        return ((UringStorageEngine) engine).cleanTemporaryFiles(dir);
    }

    @Override
    protected Class<? extends Supplier<StorageEngine>> engineSupplier() {
        return UringEngineSupplier.class;
    }

    private UringStorageEngine uring() {
        return (UringStorageEngine) engine;
    }

    @Test
    void theKernelKeepsEveryCompletion() {
        assertThat(uring().ringFeatures() & 2).as("IORING_FEAT_NODROP").isEqualTo(2);
    }

    @Test
    void batchesReadAndWriteInPlaceInOneSubmission() throws Exception {
        Path file = dir.resolve("batch");
        Files.write(file, new byte[64 * 4096]);
        long[] positions = {4096 * 7, 4096 * 3, 4096 * 60, 100};
        ByteBuffer[] sources = new ByteBuffer[positions.length];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = i < 3 ? alignedDirect(4096) : ByteBuffer.allocate(4096);
            sources[i].put(random(4096, 10 + i)).flip();
        }
        assertThat(await(uring().writeBatch(file, positions, sources))).containsExactly(4096, 4096, 4096, 4096);
        assertThat(sources[0].position()).isZero();

        ByteBuffer[] back = {alignedDirect(4096), alignedDirect(4096), alignedDirect(8192), ByteBuffer.allocate(10)};
        int[] counts = await(uring().readBatch(file, new long[] {4096 * 7, 4096 * 3, 4096 * 63, 64 * 4096}, back));
        assertThat(counts).containsExactly(4096, 4096, 4096, -1);
        assertThat(back[0].flip()).isEqualTo(ByteBuffer.wrap(random(4096, 10)));
        assertThat(back[1].flip()).isEqualTo(ByteBuffer.wrap(random(4096, 11)));
        byte[] unaligned = new byte[4096];
        ByteBuffer.wrap(Files.readAllBytes(file), 100, 4096).get(unaligned);
        assertThat(unaligned).isEqualTo(random(4096, 13));
        assertThat(await(uring().readBatch(file, new long[0], new ByteBuffer[0]))).isEmpty();
    }

    @Test
    void readsWithPlainDescriptorsWhenNoDirectOneIsFreeOrTheBufferIsLarge() throws Exception {
        byte[] data = random(3 << 20, 21);
        Path file = dir.resolve("plain");
        await(uring().writeAtomically(file, ByteBuffer.wrap(data)));
        ByteBuffer large = ByteBuffer.allocate(data.length);
        assertThat(await(uring().read(file, 0, large))).isEqualTo(data.length);
        assertThat(large.array()).isEqualTo(data);

        List<Integer> taken = new ArrayList<>();
        for (int index; (index = uring().ring().acquireFile()) >= 0; ) {
            taken.add(index);
        }
        assertThat(taken).as("a table of direct descriptors").isNotEmpty();
        ByteBuffer small = ByteBuffer.allocateDirect(100);
        assertThat(await(uring().read(file, 1000, small))).isEqualTo(100);
        assertThat(small.flip()).isEqualTo(ByteBuffer.wrap(data, 1000, 100));
        assertThatThrownBy(() -> await(uring().read(dir.resolve("nope"), 0, ByteBuffer.allocate(1))))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        taken.forEach(uring().ring()::releaseFile);
    }

    @Test
    void writesManyDirectBuffersWithOneGatheringWrite() throws Exception {
        List<ByteBuffer> parts = new ArrayList<>();
        ByteBuffer whole = ByteBuffer.allocate(600 * 100);
        for (int i = 0; i < 600; i++) {
            byte[] part = random(100, i);
            parts.add(ByteBuffer.allocateDirect(100).put(part).flip());
            whole.put(part);
        }
        Path file = dir.resolve("gathered");
        await(uring().writeAtomically(file, parts.toArray(ByteBuffer[]::new)));
        assertThat(Files.readAllBytes(file)).isEqualTo(whole.array());
    }

    @Test
    @Timeout(60)
    void closingLetsWorkInFlightFinishAndRefusesMore() throws Exception {
        UringStorageEngine closing = UringStorageEngine.open(8);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(closing.writeAtomically(dir.resolve("c" + i), ByteBuffer.wrap(random(20_000, i)))
                    .toCompletableFuture());
        }
        closing.close();
        for (int i = 0; i < 100; i++) {
            writes.get(i).get(10, TimeUnit.SECONDS);
            assertThat(Files.readAllBytes(dir.resolve("c" + i))).isEqualTo(random(20_000, i));
        }
        assertThatThrownBy(() -> await(closing.read(dir.resolve("c1"), 0, ByteBuffer.allocate(1))))
                .hasMessageContaining("closed").hasMessageContaining("c1");
    }

    /**
     * Submitters racing the completion thread for the submission lock, each waiting for its read before the next:
     * a submission left to a lock holder that does not look at the queue again would hang its thread.
     */
    @Test
    @Timeout(120)
    void submissionsRacingTheCompletionThreadAreNeverLost() throws Exception {
        Path file = dir.resolve("ping");
        await(engine.writeAtomically(file, ByteBuffer.wrap(random(100, 1))));
        List<CompletableFuture<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            submitters.add(CompletableFuture.runAsync(() -> {
                ByteBuffer buffer = ByteBuffer.allocateDirect(100);
                try {
                    for (int i = 0; i < 5_000; i++) {
                        assertThat(engine.read(file, 0, buffer.clear()).toCompletableFuture()
                                .get(5, TimeUnit.SECONDS)).isEqualTo(100);
                    }
                } catch (Exception e) {
                    throw new AssertionError("a read was lost", e);
                }
            }, runnable -> new Thread(runnable).start()));
        }
        CompletableFuture.allOf(submitters.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);
    }

    @Test
    void aRingTheKernelRefusesMakesTheProviderUnavailableWithTheReason() {
        UringProvider.Startup refused = UringProvider.start(0);
        assertThat(refused.engine()).isEmpty();
        assertThat(refused.unavailable()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("io_uring_queue_init refused"));
        UringProvider.Startup started = UringProvider.start(4);
        assertThat(started.unavailable()).isEmpty();
        started.engine().orElseThrow().close();
    }

    @Test
    void aLibraryThatDoesNotLoadIsAReasonNotAnError() {
        assertThat(NativeRing.load("pangea_no_such_library")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("libpangea_no_such_library.so did not load"));
        assertThat(NativeRing.loadFailure()).isEmpty();
    }

    @Test
    void aKernelRefusalSaysWhy() {
        // 0 entries is refused by io_uring_setup itself (EINVAL), below the Java check.
        long ring = NativeRing.create(0, 0);
        assertThat(ring).isEqualTo(-22);
        assertThat(NativeRing.strerror(22)).isEqualTo("Invalid argument");
    }

    @Test
    void callbacksChainingMoreWorkNeverBlockTheCompletionThread() throws Exception {
        try (UringStorageEngine small = UringStorageEngine.open(2)) {
            Path file = dir.resolve("chain");
            await(small.writeAtomically(file, ByteBuffer.wrap(random(4096, 1))));
            // Four permits only; each completion starts eight more reads from the completion thread.
            List<CompletableFuture<Integer>> chained = new ArrayList<>();
            CompletableFuture<Void> all = small.read(file, 0, ByteBuffer.allocate(10)).thenCompose(first -> {
                for (int i = 0; i < 8; i++) {
                    chained.add(small.read(file, i, ByteBuffer.allocate(10)).toCompletableFuture());
                }
                return CompletableFuture.allOf(chained.toArray(CompletableFuture[]::new));
            }).toCompletableFuture();
            all.get(10, TimeUnit.SECONDS);
            assertThat(chained).allSatisfy(read -> assertThat(read.join()).isEqualTo(10));
        }
    }
}
