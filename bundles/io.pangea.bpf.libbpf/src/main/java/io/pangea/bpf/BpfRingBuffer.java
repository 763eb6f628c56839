package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A BPF_MAP_TYPE_RINGBUF map read by one thread of the caller at a time. Closing it (or its object) ends it; a
 * close waits for a poll under way, which is why polls are bounded.
 */
@ProviderType
public interface BpfRingBuffer extends AutoCloseable {

    String name();

    /**
     * Waits at most {@code timeout} for records and hands each to {@code consumer}, in order, as a read-only
     * buffer in the machine's byte order over a copy of the record: the number of records consumed, 0 when the
     * time ran out. An exception of the consumer stops the poll and is rethrown; the records after it stay
     * queued.
     */
    int poll(Duration timeout, Consumer<ByteBuffer> consumer);

    boolean closed();

    @Override
    void close();
}
