package io.pangea.objects.internal;

import io.pangea.api.objects.ReadCapability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A node's object store over a temporary directory and the real providers. */
final class Fixture implements AutoCloseable {
    static final int SEGMENT = 64 << 10;

    final Path directory;
    final TestSelector selector;
    final ObjectStoreComponent store;

    Fixture(Path directory, TestSelector selector, ObjectPipeline.Settings settings) {
        this.directory = directory;
        this.selector = selector;
        try {
            this.store = new ObjectStoreComponent(selector, directory.resolve("data"), settings, 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 64 KiB segments (the tiny tier), 10 + 4 shards, four segments per manifest page. */
    static Fixture small(Path directory) {
        return new Fixture(directory, TestProviders.all(directory), settings(10, 4));
    }

    static ObjectPipeline.Settings settings(int k, int m) {
        return new ObjectPipeline.Settings(k, m, SEGMENT, 0, 4);
    }

    Path write(String name, byte[] content) {
        try {
            Path file = directory.resolve(name);
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path objectDirectory(ReadCapability capability) {
        return store.pipeline().layout().directory(new ObjectKeys(capability.key(), capability.fileId()).storageIndex());
    }

    Path shard(ReadCapability capability, long segment, int shard) {
        return store.pipeline().layout().shard(new ObjectKeys(capability.key(), capability.fileId()).storageIndex(),
                segment, shard);
    }

    Path manifest(ReadCapability capability) {
        return store.pipeline().layout().manifest(new ObjectKeys(capability.key(), capability.fileId()).storageIndex());
    }

    /** Flips one byte of the file at {@code position} (negative: from the end). */
    static void flip(Path file, long position) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int at = (int) (position >= 0 ? position : bytes.length + position);
            bytes[at] ^= 0x5a;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] incompressible(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Text-like bytes that zstd shrinks several times. */
    static byte[] compressible(int length, long seed) {
        Random random = new Random(seed);
        String[] words = {"pangea ", "shard ", "segment ", "manifest ", "zstd ", "parity ", "node ", "peer\n"};
        byte[] bytes = new byte[length];
        int i = 0;
        while (i < length) {
            byte[] word = words[random.nextInt(words.length)].getBytes();
            int n = Math.min(word.length, length - i);
            System.arraycopy(word, 0, bytes, i, n);
            i += n;
        }
        return bytes;
    }

    @Override
    public void close() {
        store.deactivate();
    }
}
