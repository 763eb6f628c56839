package io.pangea.bpf.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/** Where the glue hands ring-buffer records during a poll (it calls {@link #accept(byte[])} by name). */
final class RecordSink {
    private final Consumer<ByteBuffer> consumer;

    RecordSink(Consumer<ByteBuffer> consumer) {
        this.consumer = consumer;
    }

    void accept(byte[] record) {
        consumer.accept(ByteBuffer.wrap(record).asReadOnlyBuffer().order(ByteOrder.nativeOrder()));
    }
}
