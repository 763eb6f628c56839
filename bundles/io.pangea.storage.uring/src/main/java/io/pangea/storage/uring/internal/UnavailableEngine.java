package io.pangea.storage.uring.internal;

import io.pangea.api.storage.StorageEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What the provider registers when io_uring cannot work here: never eligible (it carries
 * {@code pangea.unavailable}), and failing with the reason should anyone call it anyway.
 */
final class UnavailableEngine implements StorageEngine {
    private final String reason;

    UnavailableEngine(String reason) {
        this.reason = reason;
    }

    private <T> CompletionStage<T> refuse(Path file) {
        return CompletableFuture.failedFuture(new IOException("io_uring storage engine unavailable (" + reason
                + "); cannot handle " + file));
    }

    @Override
    public CompletionStage<Void> writeAtomically(Path file, ByteBuffer... content) {
        return refuse(file);
    }

    @Override
    public CompletionStage<Integer> read(Path file, long position, ByteBuffer destination) {
        return refuse(file);
    }

    @Override
    public CompletionStage<Void> delete(Path file) {
        return refuse(file);
    }
}
