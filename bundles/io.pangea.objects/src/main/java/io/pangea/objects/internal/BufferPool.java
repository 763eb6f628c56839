package io.pangea.objects.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recycles the heap buffers of one operation. An operation asks for a handful of sizes over and over (a
 * segment, its compressed form, its shards), so released buffers are handed out again instead of being
 * allocated anew; a free buffer up to twice as large serves a smaller request. Nothing blocks here: the number of segments in
 * flight bounds what is lent, and the pool only counts — {@link #highWater()} is the most bytes it ever held,
 * lent and free together, which is the memory the operation's buffers took.
 */
final class BufferPool {
    private final TreeMap<Integer, ArrayDeque<ByteBuffer>> free = new TreeMap<>();
    private long held;
    private long lent;
    private long highWater;
    private long allocations;

    /** A buffer with position 0 and limit {@code size}; its bytes are whatever was there before. */
    synchronized ByteBuffer acquire(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative buffer size " + size);
        }
        ByteBuffer buffer = null;
        Map.Entry<Integer, ArrayDeque<ByteBuffer>> fit = free.ceilingEntry(size);
        // A small request must not take a buffer meant for a much larger one, or that one is allocated again.
        if (fit != null && fit.getKey() <= 2L * size + 8192) {
            buffer = fit.getValue().pop();
            if (fit.getValue().isEmpty()) {
                free.remove(fit.getKey());
            }
        } else {
            buffer = ByteBuffer.allocate(size);
            held += size;
            allocations++;
            highWater = Math.max(highWater, held);
        }
        lent += buffer.capacity();
        return buffer.clear().limit(size);
    }

    synchronized void release(ByteBuffer buffer) {
        if (buffer == null) {
            return;
        }
        lent -= buffer.capacity();
        free.computeIfAbsent(buffer.capacity(), c -> new ArrayDeque<>()).push(buffer);
    }

    /** The most bytes of buffers the pool held at once. */
    synchronized long highWater() {
        return highWater;
    }

    /** Bytes lent and not yet released: 0 after an operation that cleaned up. */
    synchronized long lent() {
        return lent;
    }

    synchronized long allocations() {
        return allocations;
    }
}
