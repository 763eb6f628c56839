package io.pangea.storage.threaded.internal;

import io.pangea.api.storage.TemporaryFiles;

import io.pangea.api.PangeaProvider;
import io.pangea.api.storage.StorageEngine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Storage engine on blocking {@link FileChannel} I/O in a bounded pool (see the package documentation). Futures
 * complete on the worker threads. Buffers handed to a write are not moved (their positions stay), a read moves
 * its destination's position by the count; neither may be touched by the caller until the future completes.
 */
@Component(name = ThreadedStorageEngine.PID, service = StorageEngine.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=10")
@PangeaProvider(capability = "storage", provider = "threaded", codec = ThreadedStorageEngine.CODEC)
@Designate(ocd = ThreadedConfiguration.class)
public class ThreadedStorageEngine implements StorageEngine, AutoCloseable {
    static final String PID = "io.pangea.storage.threaded";
    /** The on-disk layout, shared with the io_uring engine. */
    public static final String CODEC = "files-v1";
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor pool;
    private final Semaphore admission;
    private final int threads;

    @FunctionalInterface
    private interface IoTask<T> {
        T run() throws IOException;
    }

    private final class Worker extends Thread {
        Worker(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }

        boolean belongsTo(ThreadedStorageEngine engine) {
            return engine == ThreadedStorageEngine.this;
        }
    }

    @Activate
    public ThreadedStorageEngine(ThreadedConfiguration configuration) {
        this(configuration.threads(), configuration.queueCapacity());
    }

    /**
     * @param threads worker threads, 0 for {@link #defaultThreads()}
     * @param queueCapacity operations that may wait for a worker before callers block
     */
    public ThreadedStorageEngine(int threads, int queueCapacity) {
        if (threads < 0 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads must be >= 0 and queueCapacity >= 1, not " + threads
                    + " and " + queueCapacity);
        }
        this.threads = threads == 0 ? defaultThreads() : threads;
        this.admission = new Semaphore(this.threads + queueCapacity);
        String prefix = "pangea-storage-threaded-" + POOLS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        // The semaphore is the bound; the queue only needs room for what it admits, plus the workers that have
        // released their permit but not yet taken the next task.
        this.pool = new ThreadPoolExecutor(this.threads, this.threads, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(queueCapacity + this.threads),
                task -> new Worker(task, prefix + count.incrementAndGet()));
    }

    /** Four workers per core (the work is waiting on the disk, not computing), at least 4, at most 64. */
    public static int defaultThreads() {
        return Math.max(4, Math.min(64, 4 * Runtime.getRuntime().availableProcessors()));
    }

    public int threads() {
        return threads;
    }

    @Override
    public CompletionStage<Void> writeAtomically(Path file, ByteBuffer... content) {
        Objects.requireNonNull(file, "file");
        ByteBuffer[] snapshot = snapshot(content);
        return submit(() -> {
            writeNow(file.toAbsolutePath(), snapshot);
            return null;
        });
    }

    @Override
    public CompletionStage<Integer> read(Path file, long position, ByteBuffer destination) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(destination, "destination");
        requirePosition(position);
        return submit(() -> {
            boolean direct = DirectIo.aligned(destination, position);
            try (FileChannel channel = open(file, direct, StandardOpenOption.READ)) {
                return readFully(channel, position, destination, direct);
            } catch (IOException e) {
                throw Failures.naming(file, "read", e);
            }
        });
    }

    @Override
    public CompletionStage<Void> delete(Path file) {
        Objects.requireNonNull(file, "file");
        return submit(() -> {
            try {
                Files.deleteIfExists(file);
                return null;
            } catch (IOException e) {
                throw Failures.naming(file, "delete", e);
            }
        });
    }

    /**
     * Reads {@code destinations[i]} at {@code positions[i]} for every i, each as its own task on the pool so that
     * up to {@link #threads()} are in flight, through one open of the file. Completes with each count, -1 at end.
     */
    public CompletionStage<int[]> readBatch(Path file, long[] positions, ByteBuffer[] destinations) {
        return batch(file, positions, destinations, StandardOpenOption.READ, (channel, position, buffer, direct) ->
                readFully(channel, position, buffer, direct));
    }

    /**
     * Writes {@code sources[i]} at {@code positions[i]} of the existing {@code file}, in place and not synced:
     * for benchmarks and preallocated files, not for shards (those are written atomically). Completes with each
     * count. Sources' positions are not moved.
     */
    public CompletionStage<int[]> writeBatch(Path file, long[] positions, ByteBuffer[] sources) {
        ByteBuffer[] snapshot = snapshot(sources);
        return batch(file, positions, snapshot, StandardOpenOption.WRITE, (channel, position, buffer, direct) -> {
            int total = 0;
            while (buffer.hasRemaining()) {
                total += channel.write(buffer, position + total);
            }
            return total;
        });
    }

    /**
     * Deletes the temporary files that killed writers left under {@code dir} (recursively). Call it when no write
     * is in flight, at start-up.
     *
     * @return the number of files deleted
     */
    public int cleanTemporaryFiles(Path dir) throws IOException {
        return TemporaryFiles.clean(dir);
    }

    /** Lets queued work finish (at most 30 s) and stops the workers. */
    @Deactivate
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void writeNow(Path target, ByteBuffer[] content) throws IOException {
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw Failures.writing(target, e);
        }
        Path temp = TemporaryFiles.next(target);
        try {
            try (FileChannel channel = openNew(temp, DirectIo.aligned(content))) {
                long remaining = 0;
                for (ByteBuffer buffer : content) {
                    remaining += buffer.remaining();
                }
                while (remaining > 0) {
                    remaining -= channel.write(content);
                }
                channel.force(false);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw Failures.writing(target, e);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            throw Failures.naming(target, "sync the directory after writing", e);
        }
    }

    /** A new temporary file; O_DIRECT when asked and the file system takes it, buffered otherwise. */
    private static FileChannel openNew(Path temp, boolean direct) throws IOException {
        if (direct) {
            try {
                return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        DirectIo.option().orElseThrow());
            } catch (IOException e) {
                // O_DIRECT is checked after the file is created: remove it and write through the page cache.
                Files.deleteIfExists(temp);
            }
        }
        return FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static FileChannel open(Path file, boolean direct, OpenOption mode) throws IOException {
        if (direct) {
            try {
                return FileChannel.open(file, mode, DirectIo.option().orElseThrow());
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException e) {
                // The file system refused O_DIRECT; fall through to buffered I/O.
            }
        }
        return FileChannel.open(file, mode);
    }

    /**
     * Fills {@code destination} from {@code position} up to the end of the file: the count, or -1 when nothing
     * was left to read. A direct read stops at its first short count (the end of the file), since what remains
     * would be unaligned.
     */
    private static int readFully(FileChannel channel, long position, ByteBuffer destination, boolean direct)
            throws IOException {
        if (!destination.hasRemaining()) {
            return 0;
        }
        int total = 0;
        while (destination.hasRemaining()) {
            int count = channel.read(destination, position + total);
            if (count < 0) {
                return total == 0 ? -1 : total;
            }
            total += count;
            if (direct) {
                break;
            }
        }
        return total;
    }

    @FunctionalInterface
    private interface Transfer {
        int run(FileChannel channel, long position, ByteBuffer buffer, boolean direct) throws IOException;
    }

    private CompletionStage<int[]> batch(Path file, long[] positions, ByteBuffer[] buffers, OpenOption mode,
            Transfer transfer) {
        Objects.requireNonNull(file, "file");
        if (positions.length != buffers.length) {
            throw new IllegalArgumentException(positions.length + " positions for " + buffers.length + " buffers");
        }
        boolean aligned = true;
        for (int i = 0; i < positions.length; i++) {
            requirePosition(positions[i]);
            aligned &= DirectIo.aligned(buffers[i], positions[i]);
        }
        boolean direct = aligned && positions.length > 0;
        return submit(() -> {
            try {
                return open(file, direct, mode);
            } catch (IOException e) {
                throw Failures.naming(file, "open", e);
            }
        }).thenCompose(channel -> {
            List<CompletableFuture<Integer>> transfers = new ArrayList<>(positions.length);
            for (int i = 0; i < positions.length; i++) {
                long position = positions[i];
                ByteBuffer buffer = buffers[i];
                transfers.add(submit(() -> {
                    try {
                        return transfer.run(channel, position, buffer, direct);
                    } catch (IOException e) {
                        throw Failures.naming(file, mode == StandardOpenOption.READ ? "read" : "write", e);
                    }
                }));
            }
            return CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Every transfer has finished; a failing close of a channel only read or written in place
                    // loses nothing.
                }
            }).thenApply(done -> transfers.stream().mapToInt(CompletableFuture::join).toArray());
        });
    }

    /**
     * Runs {@code task} on a worker. A caller outside the pool waits for room in the queue (back-pressure); a
     * worker never waits — it runs the task itself — so that callbacks chaining work cannot deadlock the pool.
     */
    private <T> CompletableFuture<T> submit(IoTask<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (Thread.currentThread() instanceof Worker worker && worker.belongsTo(this)) {
            if (!admission.tryAcquire()) {
                runInto(result, task);
                return result;
            }
        } else {
            try {
                admission.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result.completeExceptionally(new InterruptedIOException("interrupted waiting for the storage queue"));
                return result;
            }
        }
        try {
            pool.execute(() -> {
                // The permit goes back before the future completes, so that a callback submitting the next
                // operation finds room.
                T value;
                try {
                    value = task.run();
                } catch (IOException | RuntimeException | Error e) {
                    admission.release();
                    result.completeExceptionally(e);
                    return;
                }
                admission.release();
                result.complete(value);
            });
        } catch (RejectedExecutionException e) {
            admission.release();
            result.completeExceptionally(new IOException("the threaded storage engine is closed", e));
        }
        return result;
    }

    private static <T> void runInto(CompletableFuture<T> result, IoTask<T> task) {
        try {
            result.complete(task.run());
        } catch (IOException | RuntimeException | Error e) {
            result.completeExceptionally(e);
        }
    }

    private static ByteBuffer[] snapshot(ByteBuffer[] buffers) {
        Objects.requireNonNull(buffers, "content");
        ByteBuffer[] copy = new ByteBuffer[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            copy[i] = Objects.requireNonNull(buffers[i], "content buffer").duplicate();
        }
        return copy;
    }

    private static void requirePosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
    }
}
