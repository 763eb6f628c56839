package io.pangea.objects.internal;

import io.pangea.api.storage.StorageEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only storage engine of layout files-v1 over FileChannel on four daemon threads: atomic writes through
 * a temporary file (not synced: the tests do not pull the plug), reads that move the destination's position.
 */
final class TestStorageEngine implements StorageEngine {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task, "test-storage-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public CompletionStage<Void> writeAtomically(Path file, ByteBuffer... content) {
        ByteBuffer[] copy = new ByteBuffer[content.length];
        for (int i = 0; i < content.length; i++) {
            copy[i] = content[i].duplicate();
        }
        return CompletableFuture.runAsync(() -> {
            Path temp = file.resolveSibling("." + file.getFileName() + "." + Thread.currentThread().getId() + ".tmp");
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    for (ByteBuffer buffer : copy) {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                writes.incrementAndGet();
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }, pool);
    }

    @Override
    public CompletionStage<Integer> read(Path file, long position, ByteBuffer destination) {
        return CompletableFuture.supplyAsync(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return channel.read(destination, position);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool);
    }

    @Override
    public CompletionStage<Void> delete(Path file) {
        return CompletableFuture.runAsync(() -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool);
    }
}
