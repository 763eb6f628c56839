package io.pangea.storage.uring.internal;

import io.pangea.api.storage.TemporaryFiles;

import io.pangea.api.storage.StorageEngine;
import io.pangea.storage.threaded.internal.ThreadedStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Layout files-v1: what one engine writes, the other reads back, and the files are the same. */
class BothEnginesTest {
    @TempDir
    Path dir;
    private ThreadedStorageEngine threaded;
    private UringStorageEngine uring;

    @BeforeEach
    void open() throws Exception {
        threaded = new ThreadedStorageEngine(0, 64);
        uring = UringStorageEngine.open(64);
    }

    @AfterEach
    void close() {
        threaded.close();
        uring.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void writeWithOneReadWithTheOther(StorageEngine writer, StorageEngine reader, String name)
            throws Exception {
        for (int size : new int[] {0, 1, 4095, 4096, 3 * 4096, 1_000_003}) {
            byte[] data = random(size, size);
            Path file = dir.resolve(name + "/" + size);
            ByteBuffer direct = ByteBuffer.allocateDirect(size);
            direct.put(data).flip();
            await(writer.writeAtomically(file, ByteBuffer.wrap(data, 0, size / 2), direct.position(size / 2)));
            ByteBuffer back = ByteBuffer.allocate(size + 1);
            int count = await(reader.read(file, 0, back));
            assertThat(count).isEqualTo(size == 0 ? -1 : size);
            assertThat(java.util.Arrays.copyOf(back.array(), Math.max(count, 0))).isEqualTo(data);
        }
    }

    @Test
    void uringWritesWhatThreadedReads() throws Exception {
        writeWithOneReadWithTheOther(uring, threaded, "u");
    }

    @Test
    void threadedWritesWhatUringReads() throws Exception {
        writeWithOneReadWithTheOther(threaded, uring, "t");
    }

    @Test
    void theFilesAreTheSameByteForByteAndMode() throws Exception {
        byte[] data = random(123_457, 9);
        Path byThreaded = dir.resolve("t/shard");
        Path byUring = dir.resolve("u/shard");
        await(threaded.writeAtomically(byThreaded, ByteBuffer.wrap(data)));
        await(uring.writeAtomically(byUring, ByteBuffer.wrap(data)));
        assertThat(Files.mismatch(byThreaded, byUring)).isEqualTo(-1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(byUring)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(byThreaded)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(byUring.getParent())))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(byThreaded.getParent())));
        // Either engine cleans up after the other.
        Files.write(dir.resolve("u/.shard.00000000000000aa.tmp"), new byte[1]);
        assertThat(threaded.cleanTemporaryFiles(dir)).isEqualTo(1);
        Files.write(dir.resolve("t/.shard.00000000000000bb.tmp"), new byte[1]);
        assertThat(uring.cleanTemporaryFiles(dir)).isEqualTo(1);
    }
}
