package io.pangea.storage.uring.internal;

import io.pangea.api.storage.StorageEngine;
import io.pangea.storage.threaded.internal.ThreadedStorageEngine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 4 KiB random reads and writes at queue depth 32 over a 256 MiB file, O_DIRECT (aligned direct buffers), the
 * io_uring engine against the threaded engine measured in the same run. Reports IOPS, the ratio and the CPU time
 * per operation; asserts nothing about speed. About a minute.
 */
@Tag("benchmark")
class StorageEngineBenchmarkTest {
    private static final int BLOCK = 4096;
    private static final long FILE_SIZE = 256L << 20;
    private static final int DEPTH = 32;
    private static final long WARM_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(800);
    private static final long MEASURE_NANOS = TimeUnit.MILLISECONDS.toNanos(
            Long.getLong("pangea.benchmark.millis", 4000));

    @TempDir
    Path dir;

    private record Result(double iops, double cpuMicrosPerOp) {
    }

    private interface Workload {
        Result run(StorageEngine engine) throws Exception;
    }

    @Test
    @Timeout(180)
    void randomFourKibAtQueueDepth32() throws Exception {
        Path file = dir.resolve("bench");
        createFile(file);
        List<String> rows = new ArrayList<>();
        int threadedThreads;
        try (ThreadedStorageEngine threaded = new ThreadedStorageEngine(0, 1024);
             ThreadedStorageEngine threaded32 = new ThreadedStorageEngine(DEPTH, 1024);
             UringStorageEngine uring = UringStorageEngine.open(UringStorageEngine.DEFAULT_ENTRIES)) {
            Workload perCall = engine -> lanes(engine, file);
            Workload batchRead = engine -> batches(engine, file, true);
            Workload batchWrite = engine -> batches(engine, file, false);
            threadedThreads = threaded.threads();
            String threads = threaded.threads() + " threads";
            rows.add(row("read(), 32 in flight", threads, perCall.run(threaded), perCall.run(uring)));
            rows.add(row("read(), 32 in flight", "32 threads", perCall.run(threaded32), perCall.run(uring)));
            rows.add(row("readBatch(32)", threads, batchRead.run(threaded), batchRead.run(uring)));
            rows.add(row("readBatch(32)", "32 threads", batchRead.run(threaded32), batchRead.run(uring)));
            rows.add(row("writeBatch(32), in place", threads, batchWrite.run(threaded), batchWrite.run(uring)));
        }
        String device = deviceReference(file, threadedThreads);
        System.out.println();
        System.out.println("Storage engines: 4 KiB random I/O, O_DIRECT, queue depth 32, 256 MiB file, "
                + Runtime.getRuntime().availableProcessors() + " cores (goal: io_uring >= 3x threaded)");
        System.out.println("| workload | threaded pool | threaded IOPS | io_uring IOPS | ratio | CPU us/op threaded | CPU us/op io_uring |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println(device);
        System.out.println();
    }

    /**
     * What the device itself does, from fio where it is installed (nothing installs it for this): io_uring at
     * depth 32 against blocking pread from as many jobs as the threaded engine has threads.
     */
    private static String deviceReference(Path file, int threads) throws Exception {
        String uring = fio(file, "--ioengine=io_uring", "--iodepth=32", "--numjobs=1");
        if (uring == null) {
            return "device reference: fio is not installed (apt-get install fio), so none";
        }
        String psync = fio(file, "--ioengine=psync", "--iodepth=1", "--numjobs=" + threads);
        return "device reference, fio 4 KiB randread O_DIRECT on the same file: io_uring depth 32 " + uring
                + " IOPS, psync " + threads + " jobs " + psync + " IOPS";
    }

    private static String fio(Path file, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("fio", "--name=reference", "--filename=" + file,
                "--rw=randread", "--bs=4k", "--direct=1", "--time_based", "--runtime=2", "--group_reporting",
                "--output-format=terse", "--terse-version=3"));
        command.addAll(List.of(options));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            return "(fio failed: " + output.strip() + ")";
        }
        // terse v3: field 8 (from 1) is the read IOPS
        String[] fields = output.strip().split("\\R")[0].split(";");
        return fields.length > 7 ? String.format(Locale.ROOT, "%,d", Long.parseLong(fields[7])) : output.strip();
    }

    private static String row(String workload, String pool, Result threaded, Result uring) {
        return String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2fx | %.1f | %.1f |", workload, pool,
                threaded.iops, uring.iops, uring.iops / threaded.iops, threaded.cpuMicrosPerOp, uring.cpuMicrosPerOp);
    }

    private static void createFile(Path file) throws Exception {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        byte[] bytes = new byte[1 << 20];
        SplittableRandom random = new SplittableRandom(42);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < FILE_SIZE; written += bytes.length) {
                random.nextBytes(bytes);
                chunk.clear().put(bytes).flip();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.force(true);
        }
    }

    private static ByteBuffer aligned(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size + BLOCK - 1).alignedSlice(BLOCK);
        return buffer;
    }

    private static long randomBlock() {
        return ThreadLocalRandom.current().nextLong(FILE_SIZE / BLOCK) * BLOCK;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** 32 independent callers, each issuing its next read() as soon as its last completes: a steady depth of 32. */
    private static Result lanes(StorageEngine engine, Path file) throws Exception {
        lanesFor(engine, file, WARM_UP_NANOS);
        return lanesFor(engine, file, MEASURE_NANOS);
    }

    private static Result lanesFor(StorageEngine engine, Path file, long nanos) throws Exception {
        AtomicLong operations = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(DEPTH);
        long cpu = cpuNanos();
        long start = System.nanoTime();
        long deadline = start + nanos;
        for (int lane = 0; lane < DEPTH; lane++) {
            new Object() {
                final ByteBuffer buffer = aligned(BLOCK);

                void next() {
                    CompletionStage<Integer> read = engine.read(file, randomBlock(), buffer.clear());
                    read.whenComplete((count, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            operations.incrementAndGet();
                        }
                        if (error != null || System.nanoTime() >= deadline) {
                            finished.countDown();
                        } else {
                            next();
                        }
                    });
                }
            }.next();
        }
        finished.await(60, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new AssertionError("benchmark I/O failed", failure.get());
        }
        return new Result(operations.get() * 1e9 / elapsed, (cpuNanos() - cpu) / 1e3 / operations.get());
    }

    /** Batches of 32 through the engines' batch methods (see the report: a proposed API addition). */
    private static Result batches(StorageEngine engine, Path file, boolean read) throws Exception {
        batchesFor(engine, file, read, WARM_UP_NANOS);
        return batchesFor(engine, file, read, MEASURE_NANOS);
    }

    private static Result batchesFor(StorageEngine engine, Path file, boolean read, long nanos) throws Exception {
        ByteBuffer[] buffers = new ByteBuffer[DEPTH];
        for (int i = 0; i < DEPTH; i++) {
            buffers[i] = aligned(BLOCK);
            ThreadLocalRandom.current().nextBytes(new byte[BLOCK]);
        }
        long[] positions = new long[DEPTH];
        long operations = 0;
        long cpu = cpuNanos();
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            for (int i = 0; i < DEPTH; i++) {
                positions[i] = randomBlock();
                buffers[i].clear();
            }
            CompletionStage<int[]> batch;
            if (engine instanceof UringStorageEngine uring) {
                batch = read ? uring.readBatch(file, positions, buffers) : uring.writeBatch(file, positions, buffers);
            } else {
                ThreadedStorageEngine threaded = (ThreadedStorageEngine) engine;
                batch = read ? threaded.readBatch(file, positions, buffers)
                        : threaded.writeBatch(file, positions, buffers);
            }
            int[] counts;
            try {
                counts = batch.toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                Thread.getAllStackTraces().forEach((thread, stack) -> {
                    System.out.println("THREAD " + thread.getName() + " " + thread.getState());
                    for (StackTraceElement frame : stack) {
                        System.out.println("    " + frame);
                    }
                });
                throw new AssertionError(engine.getClass().getSimpleName() + " batch stuck", e);
            }
            for (int count : counts) {
                if (count != BLOCK) {
                    throw new AssertionError("short transfer: " + count);
                }
            }
            operations += DEPTH;
        }
        long elapsed = System.nanoTime() - start;
        return new Result(operations * 1e9 / elapsed, (cpuNanos() - cpu) / 1e3 / operations);
    }
}
