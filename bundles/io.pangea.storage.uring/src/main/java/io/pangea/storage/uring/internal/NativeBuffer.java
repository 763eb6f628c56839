package io.pangea.storage.uring.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Native memory the kernel reads or writes: a direct buffer, 4096-aligned, with its address. */
final class NativeBuffer {
    static final int ALIGNMENT = 4096;
    /** Paths and iovec arrays fit one small buffer; these are pooled. */
    static final int SMALL = 4096;
    private static final int POOLED_MAX = 1024;
    private static final ConcurrentLinkedQueue<NativeBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();
    /** Paths go to the kernel in the encoding the JDK uses for them. */
    private static final Charset PATH_ENCODING = pathEncoding();

    final ByteBuffer buffer;
    final long address;

    private NativeBuffer(int size) {
        // alignedSlice rounds both ends inwards: allocate whole pages plus the slack to align the start.
        int pages = Math.max(ALIGNMENT, (size + ALIGNMENT - 1) & -ALIGNMENT);
        this.buffer = ByteBuffer.allocateDirect(pages + ALIGNMENT - 1).alignedSlice(ALIGNMENT).limit(size).slice()
                .order(ByteOrder.nativeOrder());
        this.address = NativeRing.address(buffer);
    }

    /** A buffer of at least {@code size} bytes: small ones from the pool, cleared. */
    static NativeBuffer acquire(int size) {
        if (size <= SMALL) {
            NativeBuffer pooled = POOL.poll();
            if (pooled != null) {
                POOLED.decrementAndGet();
                pooled.buffer.clear();
                return pooled;
            }
            return new NativeBuffer(SMALL);
        }
        return new NativeBuffer(size);
    }

    /** Gives a small buffer back to the pool once no submission refers to it any more. */
    void release() {
        if (buffer.capacity() == SMALL && POOLED.incrementAndGet() <= POOLED_MAX) {
            POOL.offer(this);
        } else if (buffer.capacity() == SMALL) {
            POOLED.decrementAndGet();
        }
    }

    int capacity() {
        return buffer.capacity();
    }

    /** The NUL-terminated bytes of each path, one after the other: their addresses. */
    static long[] putPaths(NativeBuffer into, Path... paths) {
        long[] addresses = new long[paths.length];
        into.buffer.clear();
        for (int i = 0; i < paths.length; i++) {
            addresses[i] = into.address + into.buffer.position();
            into.buffer.put(paths[i].toString().getBytes(PATH_ENCODING)).put((byte) 0);
        }
        return addresses;
    }

    /** Room for the NUL-terminated paths. */
    static int pathBytes(Path... paths) {
        int size = 0;
        for (Path path : paths) {
            size += path.toString().getBytes(PATH_ENCODING).length + 1;
        }
        return size;
    }

    private static Charset pathEncoding() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
