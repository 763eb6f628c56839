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
    private static final int MIN_ENTRIES = 4;
    private static final int IORING_FEAT_EXT_ARG = 1 << 8;
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
    /** Whether carried is not empty, for the completion thread. */
    private volatile boolean carriedPending;
    private final boolean timedWaits;

    /** Guarded by slotLock: the Sqe in flight in each slot, and the free slots. */
    private final Object slotLock = new Object();
    private Sqe[] slots;
    private int[] free;
    private int freeCount;
    /** Set under slotLock by the completion thread as it leaves; submissions then fail. */
    private boolean stopped;

    /** Guarded by slotLock: free indices of the direct descriptor table; none when the kernel has no table. */
    private final int[] freeFiles;
    private int freeFileCount;

    private final ByteBuffer completions;
    private final long completionsAddress;
    private final Thread completionThread;
    private volatile boolean closing;
    private boolean destroyed;

    private Ring(long ring, int entries, int files) {
        this.ring = ring;
        this.freeFiles = new int[files];
        for (int i = 0; i < files; i++) {
            freeFiles[i] = files - 1 - i;
        }
        this.freeFileCount = files;
        this.batch = entries;
        this.features = NativeRing.features(ring);
        this.timedWaits = (features & IORING_FEAT_EXT_ARG) != 0;
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
        // A linked chain (open, read, close) must fit one submission.
        entries = Math.max(entries, MIN_ENTRIES);
        long ring = NativeRing.create(entries, entries * 4);
        if (ring < 0) {
            int errno = (int) -ring;
            throw new IOException("io_uring_queue_init failed: " + NativeRing.strerror(errno) + " (errno " + errno
                    + ")" + (errno == 1 ? "; io_uring is switched off (kernel.io_uring_disabled) or filtered by seccomp"
                    : errno == 38 ? "; the kernel has no io_uring" : ""));
        }
        // Direct descriptors let an open, a read and a close go to the kernel as one linked chain; kernels
        // before 5.15 have none, and the engine then opens with plain descriptors.
        int files = 2 * entries;
        if (NativeRing.registerFiles(ring, files) < 0) {
            files = 0;
        }
        Ring opened = new Ring(ring, entries, files);
        opened.completionThread.start();
        return opened;
    }

    /** The kernel's IORING_FEAT_* bits. */
    int features() {
        return features;
    }

    /** A free index of the direct descriptor table, or -1 (none free, or no table). */
    int acquireFile() {
        synchronized (slotLock) {
            return freeFileCount == 0 ? -1 : freeFiles[--freeFileCount];
        }
    }

    /** Gives back an index once a close of it has completed. */
    void releaseFile(int index) {
        synchronized (slotLock) {
            freeFiles[freeFileCount++] = index;
        }
    }

    /**
     * Frees the slot of an SQE submitted with {@link Sqe#F_SKIP_SUCCESS} that has no CQE coming: call it from the
     * completion of a later SQE of its chain (a failure's CQE, if any, comes first and frees the slot itself).
     */
    void forget(Sqe sqe) {
        synchronized (slotLock) {
            if (sqe.slot >= 0) {
                slots[sqe.slot] = null;
                free[freeCount++] = sqe.slot;
                sqe.slot = -1;
            }
        }
    }

    boolean onCompletionThread() {
        return Thread.currentThread() == completionThread;
    }

    /**
     * Queues {@code sqe} (with the rest of its chain); it reaches the kernel at once, or after the current batch of
     * completions when called from a completion callback. Its completion is called exactly once, with -ESHUTDOWN
     * after the ring closed (save the CQE an {@link Sqe#F_SKIP_SUCCESS} SQE skips).
     */
    void submit(Sqe sqe) {
        queued.add(sqe);
        // The completion thread flushes after its batch; a callback run while this thread flushes (a failure
        // at shutdown) leaves it to the flush under way, which looks at the queue again.
        if (!onCompletionThread() && !submitLock.isHeldByCurrentThread()) {
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

    /** Moves everything queued into the SQ, up to {@code batch} descriptors per system call, chains whole. */
    private void flushLocked() {
        do {
            int count = 0;
            while (count < batch) {
                Sqe head = carried.isEmpty() ? queued.poll() : carried.poll();
                if (head == null) {
                    break;
                }
                if (count + head.chainLength() > batch) {
                    carried.addFirst(head); // next round: a chain never straddles two submissions
                    break;
                }
                for (Sqe sqe = head; sqe != null; sqe = sqe.next) {
                    batchSqes[count++] = sqe;
                }
            }
            if (count == 0 && !retrySubmit) {
                return;
            }
            if (!register(count)) {
                return;
            }
            for (int i = 0; i < count; i++) {
                encode(i, batchSqes[i], i > 0 && batchSqes[i - 1].next == batchSqes[i]);
            }
            long result = NativeRing.submit(ring, descriptorsAddress, count);
            int taken = (int) (result >>> 32);
            int submitted = (int) result;
            for (int i = count - 1; i >= taken; i--) {
                if (i == 0 || batchSqes[i - 1].next != batchSqes[i]) {
                    carried.addFirst(batchSqes[i]); // a chain's head (with its slots): goes first next time
                }
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
                carriedPending = true;
                return; // SQ full: what is carried goes after the next completions
            }
        } while (!queued.isEmpty() || !carried.isEmpty());
        carriedPending = false;
    }

    /** Gives the first {@code count} of batchSqes their slots, or fails them all when the ring has stopped. */
    private boolean register(int count) {
        Sqe[] doomed;
        synchronized (slotLock) {
            if (!stopped) {
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
            doomed = Arrays.copyOf(batchSqes, count);
            Arrays.fill(batchSqes, 0, count, null);
        }
        for (Sqe sqe : doomed) {
            if (sqe.slot == -1) { // not yet failed by failEverything
                complete(sqe, -ESHUTDOWN);
            }
        }
        return false;
    }

    private void grow() {
        int old = slots.length;
        slots = Arrays.copyOf(slots, old * 2);
        free = Arrays.copyOf(free, old * 2);
        for (int i = old * 2 - 1; i >= old; i--) {
            free[freeCount++] = i;
        }
    }

    private void encode(int index, Sqe sqe, boolean inChain) {
        int base = index * DESCRIPTOR_BYTES;
        descriptors.putInt(base, sqe.op)
                .putInt(base + 4, sqe.fd)
                .putLong(base + 8, sqe.address)
                .putLong(base + 16, sqe.address2)
                .putLong(base + 24, sqe.offset)
                .putInt(base + 32, sqe.length)
                .putInt(base + 36, sqe.flags)
                .putLong(base + 40, sqe.slot)
                .putInt(base + 48, inChain ? 0 : sqe.chainLength());
    }

    private void completeLoop() {
        int max = completions.capacity() / COMPLETION_BYTES;
        Sqe[] done = new Sqe[max];
        int[] results = new int[max];
        while (true) {
            // Work the kernel refused for the moment, or that did not fit the SQ, is retried after at most a
            // millisecond even when nothing else completes (a timed wait needs IORING_FEAT_EXT_ARG, 5.11).
            boolean pending = retrySubmit || carriedPending;
            int count = NativeRing.reap(ring, completionsAddress, max, pending && timedWaits ? 1 : 0);
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
            // What the callbacks queued, in one submission; and what the kernel refused earlier. Like every
            // holder of the lock, look at the queue again after unlocking: a submitter that found the lock taken
            // meanwhile left its work to us.
            do {
                if (!submitLock.tryLock()) {
                    break;
                }
                try {
                    flushLocked();
                } finally {
                    submitLock.unlock();
                }
            } while (!queued.isEmpty() && !retrySubmit);
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
