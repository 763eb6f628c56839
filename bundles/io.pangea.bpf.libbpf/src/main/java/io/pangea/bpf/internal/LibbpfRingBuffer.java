package io.pangea.bpf.internal;

import io.pangea.bpf.BpfRingBuffer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A libbpf ring_buffer over one map. Polls run under the object's read lock and this reader's monitor, in that
 * order; closing takes only the monitor, so it waits for a poll under way and never deadlocks with the object.
 */
final class LibbpfRingBuffer implements BpfRingBuffer {
    private final LibbpfObject object;
    private final String name;
    private long pointer;

    LibbpfRingBuffer(LibbpfObject object, String name, long pointer) {
        this.object = object;
        this.name = name;
        this.pointer = pointer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int poll(Duration timeout, Consumer<ByteBuffer> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        long millis = Math.max(0, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        RecordSink sink = new RecordSink(consumer);
        return object.shared(() -> {
            synchronized (this) {
                if (pointer == 0) {
                    throw new IllegalStateException("ring buffer '" + name + "' is closed");
                }
                return Libbpf.ringPoll(pointer, (int) millis, sink);
            }
        });
    }

    @Override
    public synchronized boolean closed() {
        return pointer == 0;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (pointer == 0) {
                return;
            }
            Libbpf.ringClose(pointer);
            pointer = 0;
        }
        object.closed(this);
    }

    @Override
    public String toString() {
        return "ring buffer " + name + " of " + object.name();
    }
}
