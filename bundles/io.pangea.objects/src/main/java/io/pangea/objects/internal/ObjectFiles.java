package io.pangea.objects.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.storage.StorageEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The files of objects, read, written and deleted through a storage engine of the layout
 * {@value ObjectLayout#CODEC}, leased for each use so that an engine switched meanwhile serves the next one.
 */
final class ObjectFiles {
    /** A manifest file larger than this is not one: it is not read into memory. */
    static final long MAX_MANIFEST_FILE = 64L << 20;

    private final ProviderSelector selector;
    private final ObjectLayout layout;

    ObjectFiles(ProviderSelector selector, ObjectLayout layout) {
        this.selector = selector;
        this.layout = layout;
    }

    ObjectLayout layout() {
        return layout;
    }

    Lease<StorageEngine> storage() {
        return selector.lease(StorageEngine.class, ObjectLayout.CODEC);
    }

    /**
     * Reads from the start of {@code file} until {@code destination} is full or the file ends, however the engine
     * splits the reads; completes with the count.
     */
    static CompletableFuture<Integer> readFully(StorageEngine engine, Path file, ByteBuffer destination) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        readFrom(engine, file, destination, 0, result);
        return result;
    }

    private static void readFrom(StorageEngine engine, Path file, ByteBuffer destination, int done,
                                 CompletableFuture<Integer> result) {
        try {
            engine.read(file, done, destination).whenComplete((count, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(Failures.unwrap(failure));
                } else if (count <= 0 || !destination.hasRemaining()) {
                    result.complete(done + Math.max(count, 0));
                } else {
                    readFrom(engine, file, destination, done + count, result);
                }
            });
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /** A whole small file (a manifest), on the caller's thread. */
    ByteBuffer readWhole(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_MANIFEST_FILE) {
            throw new IOException(file + " is " + size + " bytes, too large for a manifest");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size + 1);
        try (Lease<StorageEngine> storage = storage()) {
            int count = join(readFully(storage.provider(), file, buffer));
            if (count != size) {
                throw new IOException(file + " changed while it was read (" + count + " of " + size + " bytes)");
            }
        }
        return buffer.flip();
    }

    void writeWhole(Path file, byte[] content) throws IOException {
        try (Lease<StorageEngine> storage = storage()) {
            join(storage.provider().writeAtomically(file, ByteBuffer.wrap(content)).toCompletableFuture());
        }
    }

    boolean exists(byte[] storageIndex) {
        return Files.isRegularFile(layout.manifest(storageIndex));
    }

    /**
     * Deletes every file of the object (the manifest first, so that a crash halfway leaves no readable object
     * with parts missing) and its directory.
     */
    void delete(byte[] storageIndex) throws IOException {
        Path directory = layout.directory(storageIndex);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Lease<StorageEngine> storage = storage()) {
            StorageEngine engine = storage.provider();
            join(engine.delete(layout.manifest(storageIndex)).toCompletableFuture());
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.toList();
            }
            List<CompletableFuture<Void>> deletions = new ArrayList<>();
            for (Path file : files) {
                deletions.add(engine.delete(file).toCompletableFuture());
            }
            join(CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)));
        }
        try {
            Files.deleteIfExists(directory);
            // The two-digit fan-out directory goes too when this was its last object; another put may race it.
            Files.deleteIfExists(directory.getParent());
        } catch (java.nio.file.DirectoryNotEmptyException | NoSuchFileException e) {
            // A file appeared meanwhile (another object in the fan-out directory): it stays.
        }
    }

    /** Waits for an I/O future, giving back its own failure. */
    static <T> T join(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for the storage engine");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = Failures.unwrap(e);
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
