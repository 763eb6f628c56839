package io.pangea.storage.threaded.internal;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadedStorageEngineTest extends StorageEngineContract {

    @Override
    protected StorageEngine newEngine() {
        return new ThreadedStorageEngine(0, 1024);
    }

    @Override
    protected int cleanTemporaryFiles(StorageEngine engine, Path dir) throws IOException {
        return ((ThreadedStorageEngine) engine).cleanTemporaryFiles(dir);
    }

    @Override
    protected Class<? extends Supplier<StorageEngine>> engineSupplier() {
        return ThreadedEngineSupplier.class;
    }

    @Test
    void sizesThePoolFromTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(ThreadedStorageEngine.defaultThreads()).isEqualTo(Math.max(4, Math.min(64, 4 * cores)));
        assertThat(((ThreadedStorageEngine) engine).threads()).isEqualTo(ThreadedStorageEngine.defaultThreads());
    }

    @Test
    void batchesReadAndWriteInPlace() throws Exception {
        Path file = dir.resolve("batch");
        Files.write(file, new byte[64 * 4096]);
        ThreadedStorageEngine threaded = (ThreadedStorageEngine) engine;
        long[] positions = {4096 * 7, 4096 * 3, 4096 * 60, 100};
        ByteBuffer[] sources = new ByteBuffer[positions.length];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = i < 3 ? alignedDirect(4096) : ByteBuffer.allocate(4096);
            sources[i].put(random(4096, 10 + i)).flip();
        }
        assertThat(await(threaded.writeBatch(file, positions, sources))).containsExactly(4096, 4096, 4096, 4096);
        assertThat(sources[0].position()).isZero();

        ByteBuffer[] back = {alignedDirect(4096), alignedDirect(4096), alignedDirect(8192), ByteBuffer.allocate(10)};
        int[] counts = await(threaded.readBatch(file, new long[] {4096 * 7, 4096 * 3, 4096 * 63, 64 * 4096}, back));
        assertThat(counts).containsExactly(4096, 4096, 4096, -1);
        assertThat(back[0].flip()).isEqualTo(ByteBuffer.wrap(random(4096, 10)));
        assertThat(back[1].flip()).isEqualTo(ByteBuffer.wrap(random(4096, 11)));
        byte[] unaligned = new byte[4096];
        ByteBuffer.wrap(Files.readAllBytes(file), 100, 4096).get(unaligned);
        assertThat(unaligned).isEqualTo(random(4096, 13));
    }

    /** With every worker busy and the queue full, a caller blocks until a slot frees up, and then goes on. */
    @Test
    @Timeout(30)
    void aFullQueueMakesCallersWait() throws Exception {
        try (ThreadedStorageEngine small = new ThreadedStorageEngine(1, 1)) {
            Path fifo = dir.resolve("fifo");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            // Opening a FIFO blocks the only worker until a writer shows up.
            CompletableFuture<Integer> stuck = small.read(fifo, 0, ByteBuffer.allocate(1)).toCompletableFuture();
            CompletableFuture<Integer> queued = small.read(dir.resolve("nothing"), 0, ByteBuffer.allocate(1))
                    .toCompletableFuture();
            CountDownLatch submitted = new CountDownLatch(1);
            List<CompletableFuture<Void>> third = new ArrayList<>();
            Thread caller = new Thread(() -> {
                third.add(small.delete(dir.resolve("nothing-either")).toCompletableFuture());
                submitted.countDown();
            });
            caller.start();
            assertThat(submitted.await(500, TimeUnit.MILLISECONDS)).as("the third caller waits").isFalse();
            assertThat(caller.getState()).isEqualTo(Thread.State.WAITING);

            // Opening the other end releases the worker (whatever its read then makes of the FIFO).
            java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.WRITE).close();
            assertThat(submitted.await(10, TimeUnit.SECONDS)).isTrue();
            stuck.handle((count, failure) -> count).get(10, TimeUnit.SECONDS);
            assertThat(queued).failsWithin(10, TimeUnit.SECONDS);
            third.get(0).get(10, TimeUnit.SECONDS);
        }
    }
}
