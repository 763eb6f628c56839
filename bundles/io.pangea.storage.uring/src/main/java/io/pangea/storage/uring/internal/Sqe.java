package io.pangea.storage.uring.internal;

import java.util.function.IntConsumer;

/**
 * One submission: what {@link Ring} encodes into a descriptor for the native side, and what to call with the
 * completion's result (>= 0, or -errno). Addresses point to native memory the operation keeps alive until then.
 */
final class Sqe {
    static final int NOP = 0;
    static final int OPEN = 1;
    static final int READ = 2;
    static final int WRITE = 3;
    static final int WRITEV = 4;
    static final int FSYNC = 5;
    static final int CLOSE = 6;
    static final int RENAME = 7;
    static final int UNLINK = 8;
    static final int MKDIR = 9;
    static final int OPEN_DIRECT = 10;
    static final int CLOSE_DIRECT = 11;

    static final int F_READ = 1;
    static final int F_WRITE_NEW = 2;
    static final int F_WRITE = 4;
    static final int F_DIRECT = 8;
    static final int F_DIRECTORY = 16;
    static final int F_DATASYNC = 32;
    static final int F_LINK = 64;
    static final int F_REMOVEDIR = 128;
    /** {@code fd} is an index in the ring's table of direct descriptors. */
    static final int F_FIXED = 256;
    /** No CQE when it succeeds (IOSQE_CQE_SKIP_SUCCESS); its slot is {@link Ring#forget forgotten} instead. */
    static final int F_SKIP_SUCCESS = 512;

    final int op;
    final int fd;
    final long address;
    final long address2;
    final long offset;
    final int length;
    int flags;
    final IntConsumer completion;
    /** The next SQE of a linked chain, which the kernel starts only when this one succeeds. */
    Sqe next;
    /** The slot in the ring's table while in flight; -1 before and after, -2 once failed by a dying ring. */
    int slot = -1;

    private Sqe(int op, int fd, long address, long address2, long offset, int length, int flags,
            IntConsumer completion) {
        this.op = op;
        this.fd = fd;
        this.address = address;
        this.address2 = address2;
        this.offset = offset;
        this.length = length;
        this.flags = flags;
        this.completion = completion;
    }

    /**
     * Links {@code sqes} into a chain (IOSQE_IO_LINK): each starts when the one before succeeds, and a failure or a
     * short read cancels the rest (-ECANCELED). Submit the first; the chain reaches the kernel whole.
     */
    static Sqe chain(Sqe... sqes) {
        for (int i = 0; i + 1 < sqes.length; i++) {
            sqes[i].flags |= F_LINK;
            sqes[i].next = sqes[i + 1];
        }
        return sqes[0];
    }

    int chainLength() {
        int length = 1;
        for (Sqe sqe = next; sqe != null; sqe = sqe.next) {
            length++;
        }
        return length;
    }

    static Sqe nop(IntConsumer completion) {
        return new Sqe(NOP, -1, 0, 0, 0, 0, 0, completion);
    }

    /** openat(AT_FDCWD, path, flags, mode) of an absolute, NUL-terminated path. */
    static Sqe open(long path, int flags, int mode, IntConsumer completion) {
        return new Sqe(OPEN, -1, path, 0, 0, mode, flags, completion);
    }

    /** openat into slot {@code index} of the direct descriptor table; a CQE only when it fails. */
    static Sqe openDirect(long path, int flags, int index, IntConsumer completion) {
        return new Sqe(OPEN_DIRECT, index, path, 0, 0, 0, flags | F_SKIP_SUCCESS, completion);
    }

    static Sqe readFixed(int index, long address, int length, long offset, IntConsumer completion) {
        return new Sqe(READ, index, address, 0, offset, length, F_FIXED, completion);
    }

    static Sqe closeDirect(int index, IntConsumer completion) {
        return new Sqe(CLOSE_DIRECT, index, 0, 0, 0, 0, 0, completion);
    }

    static Sqe read(int fd, long address, int length, long offset, IntConsumer completion) {
        return new Sqe(READ, fd, address, 0, offset, length, 0, completion);
    }

    static Sqe write(int fd, long address, int length, long offset, IntConsumer completion) {
        return new Sqe(WRITE, fd, address, 0, offset, length, 0, completion);
    }

    static Sqe writev(int fd, long iovecs, int count, long offset, IntConsumer completion) {
        return new Sqe(WRITEV, fd, iovecs, 0, offset, count, 0, completion);
    }

    static Sqe fsync(int fd, boolean dataOnly, IntConsumer completion) {
        return new Sqe(FSYNC, fd, 0, 0, 0, 0, dataOnly ? F_DATASYNC : 0, completion);
    }

    static Sqe close(int fd, IntConsumer completion) {
        return new Sqe(CLOSE, fd, 0, 0, 0, 0, 0, completion);
    }

    static Sqe rename(long from, long to, IntConsumer completion) {
        return new Sqe(RENAME, -1, from, to, 0, 0, 0, completion);
    }

    static Sqe unlink(long path, boolean directory, IntConsumer completion) {
        return new Sqe(UNLINK, -1, path, 0, 0, 0, directory ? F_REMOVEDIR : 0, completion);
    }
}
