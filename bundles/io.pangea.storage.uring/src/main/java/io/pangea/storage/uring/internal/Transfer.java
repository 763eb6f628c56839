package io.pangea.storage.uring.internal;

import java.nio.ByteBuffer;

/**
 * One positioned read or write of a whole buffer on an open descriptor, in as many SQEs as it takes: a read goes
 * on after a short count until the buffer is full or the file ends (a direct read stops at its first short count,
 * the end of the file), a write until everything is written. Heap buffers go through a native bounce buffer.
 * Runs its steps on the completion thread.
 */
final class Transfer {
    /** How a transfer ends: the count (-1 for a read at the end of the file), or errno > 0. */
    @FunctionalInterface
    interface Done {
        void done(int count, int errno);
    }

    private static final System.Logger LOG = System.getLogger(Transfer.class.getName());
    private static final int MAX_STEP = 1 << 30;
    private static final int BOUNCE_MAX = 1 << 20;

    private final Ring ring;
    private final int fd;
    private final long position;
    private final ByteBuffer buffer;
    private final boolean read;
    private final boolean direct;
    private final Done done;
    private long base;
    private NativeBuffer bounce;
    private int total;
    private boolean finished;

    Transfer(Ring ring, int fd, long position, ByteBuffer buffer, boolean read, boolean direct, Done done) {
        this.ring = ring;
        this.fd = fd;
        this.position = position;
        this.buffer = buffer;
        this.read = read;
        this.direct = direct;
        this.done = done;
    }

    void start() {
        if (!buffer.hasRemaining()) {
            done.done(0, 0);
            return;
        }
        if (buffer.isDirect()) {
            base = NativeRing.address(buffer);
        } else {
            bounce = NativeBuffer.acquire(Math.min(buffer.remaining(), BOUNCE_MAX));
        }
        next();
    }

    private void next() {
        int length;
        long address;
        if (bounce == null) {
            length = Math.min(buffer.remaining(), MAX_STEP);
            address = base + buffer.position();
        } else {
            length = Math.min(buffer.remaining(), bounce.capacity());
            address = bounce.address;
            if (!read) {
                bounce.buffer.clear().put(0, buffer, buffer.position(), length);
            }
        }
        ring.submit(read ? Sqe.read(fd, address, length, position + total, this::stepped)
                : Sqe.write(fd, address, length, position + total, this::stepped));
    }

    private void stepped(int result) {
        try {
            step(result);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "an io_uring transfer failed unexpectedly", e);
            finish(0, Failures.EIO);
        }
    }

    private void step(int result) {
        if (result < 0) {
            finish(0, -result);
            return;
        }
        if (result == 0) {
            if (read) {
                finish(total == 0 ? -1 : total, 0);
            } else {
                finish(0, Failures.EIO); // a write that moves nothing would loop for ever
            }
            return;
        }
        if (read && bounce != null) {
            buffer.put(buffer.position(), bounce.buffer, 0, result);
        }
        buffer.position(buffer.position() + result);
        total += result;
        if (!buffer.hasRemaining() || (read && direct)) {
            finish(total, 0);
        } else {
            next();
        }
    }

    private void finish(int count, int errno) {
        if (finished) {
            return; // the callback itself failed after a first finish
        }
        finished = true;
        if (bounce != null) {
            bounce.release();
            bounce = null;
        }
        done.done(count, errno);
    }
}
