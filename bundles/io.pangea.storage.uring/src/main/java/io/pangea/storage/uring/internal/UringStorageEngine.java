package io.pangea.storage.uring.internal;

import io.pangea.api.storage.TemporaryFiles;

import io.pangea.api.storage.StorageEngine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * Storage engine on one io_uring (see the package documentation). Every step — open, read, write, fdatasync,
 * close, rename, directory sync, unlink — is an SQE; futures complete on the ring's completion thread, so
 * dependent stages that block must use an executor of their own. Buffers handed to a write are not moved (their
 * positions stay), a read moves its destination's position by the count; neither may be touched by the caller
 * until the future completes.
 */
public final class UringStorageEngine implements StorageEngine, AutoCloseable {
    /** The on-disk layout, shared with the threaded engine. */
    public static final String CODEC = "files-v1";
    public static final int DEFAULT_ENTRIES = 256;
    private static final int FILE_MODE = 0666;
    private static final int MAX_IOVECS = NativeBuffer.SMALL / 16;
    private static final int MAX_STEP = 1 << 30;
    private static final int BOUNCE_MAX = 1 << 20;

    private final Ring ring;
    private final Semaphore admission;
    /** Creates missing parent directories: the one step done by a blocking call, off the completion thread. */
    private final ExecutorService directories;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UringStorageEngine(Ring ring, int entries) {
        this.ring = ring;
        this.admission = new Semaphore(2 * entries);
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "pangea-io_uring-directories");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.directories = executor;
    }

    /**
     * An engine on a ring of {@code entries} SQEs; up to twice as many operations are in flight before callers
     * block (back-pressure).
     *
     * @throws IOException when the kernel refuses the ring, saying why
     * @throws UnsatisfiedLinkError when the native library did not load, saying why
     */
    public static UringStorageEngine open(int entries) throws IOException {
        return new UringStorageEngine(Ring.open(entries), entries);
    }

    Ring ring() {
        return ring;
    }

    /** The kernel's IORING_FEAT_* bits for the ring (IORING_FEAT_NODROP = 2: no completion is ever lost). */
    public int ringFeatures() {
        return ring.features();
    }

    @Override
    public CompletionStage<Void> writeAtomically(Path file, ByteBuffer... content) {
        Objects.requireNonNull(file, "file");
        ByteBuffer[] snapshot = snapshot(content);
        return start(new WriteOperation(file.toAbsolutePath(), snapshot));
    }

    @Override
    public CompletionStage<Integer> read(Path file, long position, ByteBuffer destination) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(destination, "destination");
        requirePosition(position);
        Path absolute = file.toAbsolutePath();
        if (destination.hasRemaining() && (destination.isDirect() || destination.remaining() <= BOUNCE_MAX)) {
            return start(new LinkedRead(absolute, position, destination));
        }
        return plainRead(absolute, position, destination);
    }

    private CompletableFuture<Integer> plainRead(Path file, long position, ByteBuffer destination) {
        return start(new BatchOperation(file, new long[] {position}, new ByteBuffer[] {destination}, true))
                .thenApply(counts -> counts[0]);
    }

    @Override
    public CompletionStage<Void> delete(Path file) {
        Objects.requireNonNull(file, "file");
        return start(new DeleteOperation(file.toAbsolutePath()));
    }

    /**
     * Reads {@code destinations[i]} at {@code positions[i]} for every i through one open of the file: all the
     * reads go to the kernel in one submission, so the queue depth is the batch's size. Completes with each
     * count, -1 at end.
     */
    public CompletionStage<int[]> readBatch(Path file, long[] positions, ByteBuffer[] destinations) {
        Objects.requireNonNull(file, "file");
        return start(new BatchOperation(file.toAbsolutePath(), positions.clone(), destinations.clone(), true));
    }

    /**
     * Writes {@code sources[i]} at {@code positions[i]} of the existing {@code file}, in place and not synced, all
     * in one submission: for benchmarks and preallocated files, not for shards (those are written atomically).
     * Completes with each count. Sources' positions are not moved.
     */
    public CompletionStage<int[]> writeBatch(Path file, long[] positions, ByteBuffer[] sources) {
        Objects.requireNonNull(file, "file");
        return start(new BatchOperation(file.toAbsolutePath(), positions.clone(), snapshot(sources), false));
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

    /** Lets work in flight finish (at most 30 s), then frees the ring. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ring.close();
            directories.shutdown();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** An operation: a state machine of SQEs whose callbacks run on the completion thread. */
    private abstract class Operation<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final Path file;
        private boolean permit;

        Operation(Path file) {
            this.file = file;
        }

        abstract void begin();

        void succeed(T value) {
            releasePermit();
            future.complete(value);
        }

        void fail(IOException failure) {
            releasePermit();
            future.completeExceptionally(failure);
        }

        void fail(String action, int errno) {
            fail(Failures.of(file, action, errno));
        }

        /** A step whose unexpected exception fails the operation instead of leaving its future pending. */
        IntConsumer guard(IntConsumer step) {
            return result -> {
                try {
                    step.accept(result);
                } catch (RuntimeException | Error e) {
                    if (!future.isDone()) {
                        fail(new IOException("io_uring operation on " + file + " failed unexpectedly", e));
                    }
                    if (e instanceof Error error) {
                        throw error;
                    }
                }
            };
        }

        private void releasePermit() {
            if (permit) {
                permit = false;
                admission.release();
            }
        }
    }

    /**
     * Admits {@code operation} (blocking while too many are in flight, except on the completion thread, which
     * must never wait) and starts it.
     */
    private <T> CompletableFuture<T> start(Operation<T> operation) {
        if (closed.get()) {
            operation.fail("start", Ring.ESHUTDOWN);
            return operation.future;
        }
        if (ring.onCompletionThread()) {
            operation.permit = admission.tryAcquire();
        } else {
            try {
                admission.acquire();
                operation.permit = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                operation.fail(new InterruptedIOException("interrupted waiting for the io_uring queue"));
                return operation.future;
            }
        }
        operation.begin();
        return operation.future;
    }

    /**
     * A read as one linked chain: openat into a direct descriptor, read, close — one submission, and one CQE per
     * SQE but the open's (IOSQE_CQE_SKIP_SUCCESS). When the open fails, the kernel posts its CQE and none for the
     * rest of the chain. Falls back to {@link BatchOperation} when no direct descriptor is free or the file system
     * refuses O_DIRECT. A short read ends the read (io_uring already retries short reads of regular files).
     */
    private final class LinkedRead extends Operation<Integer> {
        private static final int ECANCELED = 125;
        private final long position;
        private final ByteBuffer destination;
        private final boolean direct;
        private int index;
        private NativeBuffer path;
        private NativeBuffer bounce;
        private Sqe open;
        private Sqe read;
        private Sqe close;

        LinkedRead(Path file, long position, ByteBuffer destination) {
            super(file);
            this.position = position;
            this.destination = destination;
            this.direct = DirectIo.aligned(destination, position);
        }

        @Override
        void begin() {
            index = ring.acquireFile();
            if (index < 0) {
                fallBack(true);
                return;
            }
            path = NativeBuffer.acquire(NativeBuffer.pathBytes(file));
            long pathAddress = NativeBuffer.putPaths(path, file)[0];
            int length = destination.remaining();
            long address;
            if (destination.isDirect()) {
                address = NativeRing.address(destination) + destination.position();
            } else {
                bounce = NativeBuffer.acquire(length);
                address = bounce.address;
            }
            open = Sqe.openDirect(pathAddress, Sqe.F_READ | (direct ? Sqe.F_DIRECT : 0), index,
                    guard(this::openFailed));
            read = Sqe.readFixed(index, address, length, position, guard(this::read));
            close = Sqe.closeDirect(index, guard(this::closed));
            ring.submit(Sqe.chain(open, read, close));
        }

        /** The open's CQE comes only when it failed, and then the read and the close post none. */
        private void openFailed(int result) {
            ring.forget(read);
            ring.forget(close);
            ring.releaseFile(index);
            path.release();
            releaseBounce();
            if (result == -Failures.EINVAL && direct) {
                fallBack(false);
            } else {
                fail("read", -result);
            }
        }

        private void read(int result) {
            ring.forget(open);
            path.release();
            if (result < 0) {
                releaseBounce();
                fail("read", -result);
            } else if (result == 0) {
                releaseBounce();
                succeed(-1);
            } else {
                if (bounce != null) {
                    destination.put(destination.position(), bounce.buffer, 0, result);
                }
                releaseBounce();
                destination.position(destination.position() + result);
                succeed(result);
            }
        }

        /** The chain broke before the close (a failure, a short read): close the descriptor on its own. */
        private void closed(int result) {
            if (result == -ECANCELED) {
                ring.submit(Sqe.closeDirect(index, ignored -> ring.releaseFile(index)));
            } else {
                ring.releaseFile(index);
            }
        }

        private void releaseBounce() {
            if (bounce != null) {
                bounce.release();
                bounce = null;
            }
        }

        /** The same read with a plain descriptor, under this operation's admission. */
        private void fallBack(boolean allowDirect) {
            BatchOperation plain = new BatchOperation(file, new long[] {position}, new ByteBuffer[] {destination},
                    true);
            if (!allowDirect) {
                plain.direct = false;
            }
            plain.future.whenComplete((counts, failure) -> {
                if (failure != null) {
                    fail(failure instanceof IOException io ? io : new IOException(failure));
                } else {
                    succeed(counts[0]);
                }
            });
            plain.begin();
        }
    }

    /** Opens the file once, runs one {@link Transfer} per buffer, all submitted together, then closes it. */
    private final class BatchOperation extends Operation<int[]> {
        private final long[] positions;
        private final ByteBuffer[] buffers;
        private final boolean read;
        private final int[] counts;
        private boolean direct;
        private NativeBuffer path;
        private int fd = -1;
        private int outstanding;
        private int firstErrno;

        BatchOperation(Path file, long[] positions, ByteBuffer[] buffers, boolean read) {
            super(file);
            if (positions.length != buffers.length) {
                throw new IllegalArgumentException(positions.length + " positions for " + buffers.length + " buffers");
            }
            boolean aligned = positions.length > 0;
            for (int i = 0; i < positions.length; i++) {
                requirePosition(positions[i]);
                Objects.requireNonNull(buffers[i], "buffer");
                aligned &= DirectIo.aligned(buffers[i], positions[i]);
            }
            this.positions = positions;
            this.buffers = buffers;
            this.read = read;
            this.direct = aligned;
            this.counts = new int[positions.length];
        }

        @Override
        void begin() {
            path = NativeBuffer.acquire(NativeBuffer.pathBytes(file));
            long address = NativeBuffer.putPaths(path, file)[0];
            ring.submit(Sqe.open(address, (read ? Sqe.F_READ : Sqe.F_WRITE) | (direct ? Sqe.F_DIRECT : 0), 0,
                    guard(this::opened)));
        }

        private void opened(int result) {
            if (result == -Failures.EINVAL && direct) {
                direct = false; // the file system refuses O_DIRECT: buffered it is
                path.release();
                begin();
                return;
            }
            path.release();
            if (result < 0) {
                fail(read ? "read" : "write", -result);
                return;
            }
            fd = result;
            outstanding = positions.length;
            if (outstanding == 0) {
                closeThenFinish();
                return;
            }
            for (int i = 0; i < positions.length; i++) {
                int index = i;
                new Transfer(ring, fd, positions[i], buffers[i], read, direct, (count, errno) -> {
                    counts[index] = count;
                    if (errno != 0 && firstErrno == 0) {
                        firstErrno = errno;
                    }
                    if (--outstanding == 0) {
                        closeThenFinish();
                    }
                }).start();
            }
        }

        /** Finishes first and closes after: nothing waits for a close of a file only read or written in place. */
        private void closeThenFinish() {
            ring.submit(Sqe.close(fd, result -> { }));
            if (firstErrno != 0) {
                fail(read ? "read" : "write", firstErrno);
            } else {
                succeed(counts);
            }
        }
    }

    /**
     * Temporary file, data, fdatasync, close, rename over the target, fsync of the directory. A failure before the
     * rename closes and removes the temporary file before the future fails.
     */
    private final class WriteOperation extends Operation<Void> {
        private final ByteBuffer[] content;
        private final Path dir;
        private boolean direct;
        private boolean madeDirectories;
        private Path temp;
        private NativeBuffer names;
        private long tempAddress;
        private long targetAddress;
        private long dirAddress;
        private int fd = -1;
        private long written;
        private NativeBuffer staging;
        private long[] contentAddresses;

        WriteOperation(Path file, ByteBuffer[] content) {
            super(file);
            this.content = content;
            this.dir = file.getParent();
            this.direct = DirectIo.aligned(content);
        }

        @Override
        void begin() {
            temp = TemporaryFiles.next(file);
            if (names != null) {
                names.release();
            }
            names = NativeBuffer.acquire(NativeBuffer.pathBytes(temp, file, dir));
            long[] addresses = NativeBuffer.putPaths(names, temp, file, dir);
            tempAddress = addresses[0];
            targetAddress = addresses[1];
            dirAddress = addresses[2];
            openTemporary();
        }

        private void openTemporary() {
            ring.submit(Sqe.open(tempAddress, Sqe.F_WRITE_NEW | (direct ? Sqe.F_DIRECT : 0), FILE_MODE,
                    guard(this::opened)));
        }

        private void opened(int result) {
            if (result == -Failures.ENOENT && !madeDirectories) {
                madeDirectories = true;
                try {
                    directories.execute(() -> {
                        try {
                            Files.createDirectories(dir);
                            openTemporary();
                        } catch (IOException | RuntimeException e) {
                            finish(Failures.writing(file, e instanceof IOException io ? io : new IOException(e)));
                        }
                    });
                } catch (RejectedExecutionException e) {
                    finish(Failures.of(file, "write", Ring.ESHUTDOWN));
                }
                return;
            }
            if (result == -Failures.EINVAL && direct) {
                // O_DIRECT is checked after the file is created: remove it, then write through the page cache.
                direct = false;
                ring.submit(Sqe.unlink(tempAddress, false, guard(ignored -> begin())));
                return;
            }
            if (result == -Failures.EEXIST) {
                begin(); // a name taken by someone else: draw another
                return;
            }
            if (result < 0) {
                finish(Failures.of(file, "write", -result));
                return;
            }
            fd = result;
            writeNext();
        }

        private void writeNext() {
            int first = 0;
            while (first < content.length && !content[first].hasRemaining()) {
                first++;
            }
            if (first == content.length) {
                ring.submit(Sqe.fsync(fd, true, guard(this::synced)));
                return;
            }
            if (allDirect()) {
                writeGathered(first);
            } else {
                writeStaged(first);
            }
        }

        private boolean allDirect() {
            for (ByteBuffer buffer : content) {
                if (!buffer.isDirect()) {
                    return false;
                }
            }
            return true;
        }

        /** Direct buffers straight from their memory: one WRITE, or a WRITEV of up to 256 of them. */
        private void writeGathered(int first) {
            if (contentAddresses == null) {
                contentAddresses = new long[content.length];
                for (int i = 0; i < content.length; i++) {
                    contentAddresses[i] = NativeRing.address(content[i]);
                }
            }
            int last = first;
            while (last + 1 < content.length && last + 1 - first < MAX_IOVECS) {
                last++;
            }
            if (last == first || countRemaining(first, last) == 1) {
                ByteBuffer buffer = content[first];
                ring.submit(Sqe.write(fd, contentAddresses[first] + buffer.position(),
                        Math.min(buffer.remaining(), MAX_STEP), written, guard(this::wrote)));
                return;
            }
            if (staging == null) {
                staging = NativeBuffer.acquire(NativeBuffer.SMALL);
            }
            int count = 0;
            long total = 0;
            for (int i = first; i <= last && total < MAX_STEP; i++) {
                ByteBuffer buffer = content[i];
                if (!buffer.hasRemaining()) {
                    continue;
                }
                long length = Math.min(buffer.remaining(), MAX_STEP - total);
                staging.buffer.putLong(count * 16, contentAddresses[i] + buffer.position());
                staging.buffer.putLong(count * 16 + 8, length);
                total += length;
                count++;
            }
            ring.submit(Sqe.writev(fd, staging.address, count, written, guard(this::wrote)));
        }

        private int countRemaining(int first, int last) {
            int count = 0;
            for (int i = first; i <= last; i++) {
                if (content[i].hasRemaining()) {
                    count++;
                }
            }
            return count;
        }

        /** Heap (or mixed) content copied into a native buffer of at most 1 MiB per step. */
        private void writeStaged(int first) {
            if (staging == null || staging.capacity() == NativeBuffer.SMALL && remaining() > NativeBuffer.SMALL) {
                if (staging != null) {
                    staging.release();
                }
                staging = NativeBuffer.acquire((int) Math.min(BOUNCE_MAX, remaining()));
            }
            int filled = 0;
            for (int i = first; i < content.length && filled < staging.capacity(); i++) {
                ByteBuffer buffer = content[i];
                int length = Math.min(buffer.remaining(), staging.capacity() - filled);
                staging.buffer.put(filled, buffer, buffer.position(), length);
                filled += length;
            }
            ring.submit(Sqe.write(fd, staging.address, filled, written, guard(this::wrote)));
        }

        private long remaining() {
            long remaining = 0;
            for (ByteBuffer buffer : content) {
                remaining += buffer.remaining();
            }
            return remaining;
        }

        private void wrote(int result) {
            if (result < 0) {
                abandon(Failures.of(file, "write", -result));
                return;
            }
            if (result == 0) {
                abandon(Failures.of(file, "write", Failures.EIO));
                return;
            }
            written += result;
            long left = result;
            for (ByteBuffer buffer : content) {
                int step = (int) Math.min(left, buffer.remaining());
                buffer.position(buffer.position() + step);
                left -= step;
                if (left == 0) {
                    break;
                }
            }
            writeNext();
        }

        private void synced(int result) {
            if (result < 0) {
                abandon(Failures.of(file, "write", -result));
                return;
            }
            int descriptor = fd;
            fd = -1;
            ring.submit(Sqe.close(descriptor, guard(this::closed)));
        }

        private void closed(int result) {
            if (result < 0) {
                abandon(Failures.of(file, "write", -result));
                return;
            }
            ring.submit(Sqe.rename(tempAddress, targetAddress, guard(this::renamed)));
        }

        private void renamed(int result) {
            if (result < 0) {
                abandon(Failures.of(file, "write", -result));
                return;
            }
            ring.submit(Sqe.open(dirAddress, Sqe.F_READ | Sqe.F_DIRECTORY, 0, guard(this::directoryOpened)));
        }

        private void directoryOpened(int result) {
            if (result < 0) {
                finish(Failures.of(file, "sync the directory after writing", -result));
                return;
            }
            int directory = result;
            ring.submit(Sqe.fsync(directory, false, guard(synced -> ring.submit(Sqe.close(directory, guard(closed -> {
                if (synced < 0) {
                    finish(Failures.of(file, "sync the directory after writing", -synced));
                } else {
                    finish(null);
                }
            }))))));
        }

        /** Closes (when open) and removes the temporary file, then fails. */
        private void abandon(IOException failure) {
            if (fd >= 0) {
                int descriptor = fd;
                fd = -1;
                ring.submit(Sqe.close(descriptor, guard(closed -> abandon(failure))));
                return;
            }
            ring.submit(Sqe.unlink(tempAddress, false, guard(removed -> {
                if (removed < 0 && removed != -Failures.ENOENT) {
                    failure.addSuppressed(Failures.of(temp, "remove", -removed));
                }
                finish(failure);
            })));
        }

        private void finish(IOException failure) {
            names.release();
            if (staging != null) {
                staging.release();
                staging = null;
            }
            if (failure == null) {
                succeed(null);
            } else {
                fail(failure);
            }
        }
    }

    /** unlink; a directory is removed when empty; a file already gone is fine. */
    private final class DeleteOperation extends Operation<Void> {
        private NativeBuffer path;
        private long address;

        DeleteOperation(Path file) {
            super(file);
        }

        @Override
        void begin() {
            path = NativeBuffer.acquire(NativeBuffer.pathBytes(file));
            address = NativeBuffer.putPaths(path, file)[0];
            ring.submit(Sqe.unlink(address, false, guard(this::unlinked)));
        }

        private void unlinked(int result) {
            if (result == -Failures.EISDIR) {
                ring.submit(Sqe.unlink(address, true, guard(this::unlinked)));
                return;
            }
            path.release();
            if (result < 0 && result != -Failures.ENOENT) {
                fail("delete", -result);
            } else {
                succeed(null);
            }
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
