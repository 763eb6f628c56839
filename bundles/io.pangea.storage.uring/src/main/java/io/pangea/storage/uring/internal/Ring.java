package io.pangea.storage.uring.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One io_uring and the thread that reaps it.
 * <p>
 * <b>Submission.</b> Any thread may {@link #submit} an {@link Sqe}: it joins a lock-free queue, and whichever
 * thread holds the submission lock encodes everything queued into descriptors and hands the lot to the kernel
 * with one {@code io_uring_submit} (flat combining: threads that find the lock taken leave their work to the
 * holder, which looks again after unlocking). The completion thread never submits per completion: what its
 * callbacks queue goes to the kernel in one batch after the whole batch of completions, so a closed loop of
 * requests keeps its queue depth with one system call per round.
 * <p>
 * <b>Completion.</b> One daemon thread blocks in {@code io_uring_wait_cqe}, copies every available CQE, finds
 * each one's {@link Sqe} by its slot (the CQE's user data) and calls it with the result. Callbacks run on this
 * thread and must not block.
 * <p>
 * <b>Closing.</b> {@link #close()} lets what is in flight (and what its callbacks submit) finish, wakes the
 * thread with a NOP and frees the ring only once the thread has gone; a submission after that completes at once
 * with -ESHUTDOWN.
 */
final class Ring implements AutoCloseable {
    static final int ESHUTDOWN = 108;
    private static final int EAGAIN = 11;
    private static final int EBUSY = 16;
    private static final int DESCRIPTOR_BYTES = 64;
    private static final int COMPLETION_BYTES = 16;
    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;
    private static final System.Logger LOG = System.getLogger(Ring.class.getName());
    private static final AtomicInteger RINGS = new AtomicInteger();

    private final long ring;
    private final int batch;
    private final int features;

    private final ReentrantLock submitLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Sqe> queued = new ConcurrentLinkedQueue<>();
    /** Guarded by submitLock: taken from the queue but not yet into the SQ (the SQ was full). */
    private final ArrayDeque<Sqe> carried = new ArrayDeque<>();
    /** Guarded by submitLock. */
    private final ByteBuffer descriptors;
    private final long descriptorsAddress;
    private final Sqe[] batchSqes;
    /** SQEs are in the SQ that the kernel refused for the moment (-EBUSY): the completion thread retries. */
    private volatile boolean retrySubmit;

    /** Guarded by slotLock: the Sqe in flight in each slot, and the free slots. */
    private final Object slotLock = new Object();
    private Sqe[] slots;
    private int[] free;
    private int freeCount;
    /** Set under slotLock by the completion thread as it leaves; submissions then fail. */
    private boolean stopped;

    private final ByteBuffer completions;
    private final long completionsAddress;
    private final Thread completionThread;
    private volatile boolean closing;
    private boolean destroyed;

    private Ring(long ring, int entries) {
        this.ring = ring;
        this.batch = entries;
        this.features = NativeRing.features(ring);
        this.descriptors = ByteBuffer.allocateDirect(entries * DESCRIPTOR_BYTES).order(ByteOrder.nativeOrder());
        this.descriptorsAddress = NativeRing.address(descriptors);
        this.batchSqes = new Sqe[entries];
        this.completions = ByteBuffer.allocateDirect(entries * 4 * COMPLETION_BYTES).order(ByteOrder.nativeOrder());
        this.completionsAddress = NativeRing.address(completions);
        this.slots = new Sqe[entries * 2];
        this.free = new int[slots.length];
        for (int i = 0; i < slots.length; i++) {
            free[i] = slots.length - 1 - i;
        }
        this.freeCount = slots.length;
        this.completionThread = new Thread(this::completeLoop, "pangea-io_uring-" + RINGS.incrementAndGet());
        completionThread.setDaemon(true);
    }

    /**
     * A ring of {@code entries} SQEs (CQ four times as large) with its completion thread running.
     *
     * @throws IOException when the kernel refuses the ring (io_uring disabled, seccomp, limits), with the reason
     */
    static Ring open(int entries) throws IOException {
        NativeRing.loadFailure().ifPresent(reason -> {
            throw new UnsatisfiedLinkError(reason);
        });
        if (entries < 1 || entries > 32768) {
            throw new IOException("io_uring_queue_init refused: " + entries + " entries (1 to 32768)");
        }
        long ring = NativeRing.create(entries, entries * 4);
        if (ring < 0) {
            int errno = (int) -ring;
            throw new IOException("io_uring_queue_init failed: " + NativeRing.strerror(errno) + " (errno " + errno
                    + ")" + (errno == 1 ? "; io_uring is switched off (kernel.io_uring_disabled) or filtered by seccomp"
                    : errno == 38 ? "; the kernel has no io_uring" : ""));
        }
        Ring opened = new Ring(ring, entries);
        opened.completionThread.start();
        return opened;
    }

    /** The kernel's IORING_FEAT_* bits. */
    int features() {
        return features;
    }

    boolean onCompletionThread() {
        return Thread.currentThread() == completionThread;
    }

    /**
     * Queues {@code sqe}; it reaches the kernel at once, or after the current batch of completions when called
     * from a completion callback. Its completion is called exactly once, with -ESHUTDOWN after the ring closed.
     */
    void submit(Sqe sqe) {
        queued.add(sqe);
        if (!onCompletionThread()) {
            flush();
        }
    }

    private void flush() {
        while (!queued.isEmpty()) {
            if (!submitLock.tryLock()) {
                return; // the holder submits ours too: it looks at the queue again after unlocking
            }
            try {
                flushLocked();
            } finally {
                submitLock.unlock();
            }
            if (retrySubmit) {
                return; // the kernel is busy: the completion thread tries again after reaping
            }
        }
    }

    /** Moves everything queued into the SQ, {@code batch} descriptors per system call. */
    private void flushLocked() {
        do {
            int count = 0;
            while (count < batch) {
                Sqe sqe = carried.isEmpty() ? queued.poll() : carried.poll();
                if (sqe == null) {
                    break;
                }
                batchSqes[count++] = sqe;
            }
            if (count == 0 && !retrySubmit) {
                return;
            }
            if (!register(count)) {
                return;
            }
            for (int i = 0; i < count; i++) {
                encode(i, batchSqes[i]);
            }
            long result = NativeRing.submit(ring, descriptorsAddress, count);
            int taken = (int) (result >>> 32);
            int submitted = (int) result;
            for (int i = count - 1; i >= taken; i--) {
                carried.addFirst(batchSqes[i]); // keeps its slot; goes first next time
            }
            Arrays.fill(batchSqes, 0, count, null);
            if (submitted < 0) {
                retrySubmit = true;
                if (-submitted != EBUSY && -submitted != EAGAIN) {
                    LOG.log(System.Logger.Level.WARNING, "io_uring_submit failed: {0}; retrying after the next completion",
                            NativeRing.strerror(-submitted));
                }
                return;
            }
            retrySubmit = false;
            if (taken < count) {
                return; // SQ full: what is carried goes after the next completions
            }
        } while (!queued.isEmpty() || !carried.isEmpty());
    }

    /** Gives the first {@code count} of batchSqes their slots, or fails them all when the ring has stopped. */
    private boolean register(int count) {
        synchronized (slotLock) {
            if (stopped) {
                for (int i = 0; i < count; i++) {
                    Sqe sqe = batchSqes[i];
                    batchSqes[i] = null;
                    if (sqe.slot == -1) { // not yet failed by failEverything
                        complete(sqe, -ESHUTDOWN);
                    }
                }
                return false;
            }
            for (int i = 0; i < count; i++) {
                Sqe sqe = batchSqes[i];
                if (sqe.slot >= 0) {
                    continue;
                }
                if (freeCount == 0) {
                    grow();
                }
                int slot = free[--freeCount];
                slots[slot] = sqe;
                sqe.slot = slot;
            }
            return true;
        }
    }

    private void grow() {
        int old = slots.length;
        slots = Arrays.copyOf(slots, old * 2);
        free = Arrays.copyOf(free, old * 2);
        for (int i = old * 2 - 1; i >= old; i--) {
            free[freeCount++] = i;
        }
    }

    private void encode(int index, Sqe sqe) {
        int base = index * DESCRIPTOR_BYTES;
        descriptors.putInt(base, sqe.op)
                .putInt(base + 4, sqe.fd)
                .putLong(base + 8, sqe.address)
                .putLong(base + 16, sqe.address2)
                .putLong(base + 24, sqe.offset)
                .putInt(base + 32, sqe.length)
                .putInt(base + 36, sqe.flags)
                .putLong(base + 40, sqe.slot);
    }

    private void completeLoop() {
        int max = completions.capacity() / COMPLETION_BYTES;
        Sqe[] done = new Sqe[max];
        int[] results = new int[max];
        while (true) {
            int count = NativeRing.reap(ring, completionsAddress, max);
            if (count < 0) {
                LOG.log(System.Logger.Level.ERROR, "io_uring_wait_cqe failed: {0}; the ring stops",
                        NativeRing.strerror(-count));
                failEverything();
                return;
            }
            synchronized (slotLock) {
                for (int i = 0; i < count; i++) {
                    long slot = completions.getLong(i * COMPLETION_BYTES);
                    results[i] = completions.getInt(i * COMPLETION_BYTES + 8);
                    done[i] = slots[(int) slot];
                    slots[(int) slot] = null;
                    done[i].slot = -1;
                    free[freeCount++] = (int) slot;
                }
            }
            for (int i = 0; i < count; i++) {
                if (done[i] != null) {
                    complete(done[i], results[i]);
                    done[i] = null;
                }
            }
            // What the callbacks queued, in one submission; and what the kernel refused earlier.
            if (submitLock.tryLock()) {
                try {
                    flushLocked();
                } finally {
                    submitLock.unlock();
                }
            }
            if (closing && leaveIfIdle()) {
                return;
            }
        }
    }

    /** Stops the ring when nothing is in flight or queued; submissions fail from then on. */
    private boolean leaveIfIdle() {
        synchronized (slotLock) {
            if (freeCount == slots.length && queued.isEmpty()) {
                stopped = true;
                return true;
            }
            return false;
        }
    }

    private void failEverything() {
        Sqe[] inFlight;
        synchronized (slotLock) {
            stopped = true;
            inFlight = slots.clone();
            Arrays.fill(slots, null);
        }
        for (Sqe sqe : inFlight) {
            if (sqe != null) {
                sqe.slot = -2; // failed here; a carried copy must not be failed again
                complete(sqe, -ESHUTDOWN);
            }
        }
        for (Sqe sqe; (sqe = queued.poll()) != null; ) {
            complete(sqe, -ESHUTDOWN);
        }
    }

    private static void complete(Sqe sqe, int result) {
        try {
            sqe.completion.accept(result);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "an io_uring completion callback failed", e);
        }
    }

    /**
     * Lets work in flight finish (at most 30 s), stops the completion thread and frees the ring. A ring whose
     * thread does not stop in time is left allocated rather than freed under the kernel's feet.
     */
    @Override
    public void close() {
        closing = true;
        submit(Sqe.nop(result -> { }));
        try {
            completionThread.join(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (completionThread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "io_uring work still in flight after {0} s; the ring is left open",
                    TimeUnit.MILLISECONDS.toSeconds(CLOSE_TIMEOUT_MILLIS));
            return;
        }
        submitLock.lock();
        try {
            if (!destroyed) {
                destroyed = true;
                NativeRing.destroy(ring);
            }
        } finally {
            submitLock.unlock();
        }
        for (Sqe sqe; (sqe = queued.poll()) != null; ) {
            complete(sqe, -ESHUTDOWN);
        }
    }
}
