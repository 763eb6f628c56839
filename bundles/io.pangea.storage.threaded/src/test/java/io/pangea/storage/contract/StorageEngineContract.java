package io.pangea.storage.contract;

import io.pangea.api.storage.TemporaryFiles;

import io.pangea.api.storage.StorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * What every {@link StorageEngine} of layout {@code files-v1} must do, run against each engine by a subclass:
 * round trips, positioned reads, atomic replacement, errors naming the file, a really full disk, and a writer
 * killed mid-write.
 */
public abstract class StorageEngineContract {
    @TempDir
    protected Path dir;
    protected StorageEngine engine;

    /** A fresh engine for one test; closed after it when it is {@link AutoCloseable}. */
    protected abstract StorageEngine newEngine() throws Exception;

    /** The engine's own clean-up of temporary files left by killed writers. */
    protected abstract int cleanTemporaryFiles(StorageEngine engine, Path dir) throws IOException;

    /** A {@code Supplier<StorageEngine>} class with a public no-argument constructor, for the crash test's child. */
    protected abstract Class<? extends Supplier<StorageEngine>> engineSupplier();

    @BeforeEach
    void openEngine() throws Exception {
        engine = newEngine();
    }

    @AfterEach
    void closeEngine() throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (e.getCause() instanceof Exception cause) ? cause : e;
        }
    }

    protected static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new java.util.SplittableRandom(seed).nextBytes(data);
        return data;
    }

    protected static ByteBuffer alignedDirect(int size) {
        return ByteBuffer.allocateDirect(size + 4095).alignedSlice(4096).limit(size);
    }

    protected List<Path> temporaryFilesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void writesBuffersInOrderAndReadsThemBack() throws Exception {
        byte[] data = random(300_001, 1);
        ByteBuffer heap = ByteBuffer.wrap(data, 0, 100_000);
        ByteBuffer direct = ByteBuffer.allocateDirect(150_000).put(data, 100_000, 150_000).flip();
        ByteBuffer slice = ByteBuffer.wrap(data).position(250_000);
        Path file = dir.resolve("shard");

        await(engine.writeAtomically(file, heap, direct, slice));

        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(heap.position()).as("the caller's buffers are left as they were").isZero();
        assertThat(slice.position()).isEqualTo(250_000);
        ByteBuffer back = ByteBuffer.allocate(data.length + 10);
        assertThat(await(engine.read(file, 0, back))).isEqualTo(data.length);
        assertThat(back.position()).isEqualTo(data.length);
        assertThat(back.flip()).isEqualTo(ByteBuffer.wrap(data));
        assertThat(temporaryFilesIn(dir)).isEmpty();
    }

    @Test
    void readsAtAPositionAndReportsTheEnd() throws Exception {
        byte[] data = random(10_000, 2);
        Path file = dir.resolve("positions");
        await(engine.writeAtomically(file, ByteBuffer.wrap(data)));

        ByteBuffer middle = ByteBuffer.allocateDirect(1000);
        assertThat(await(engine.read(file, 4321, middle))).isEqualTo(1000);
        byte[] got = new byte[1000];
        middle.flip().get(got);
        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 4321, 5321));

        ByteBuffer tail = ByteBuffer.allocate(1000);
        assertThat(await(engine.read(file, 9500, tail))).isEqualTo(500);
        assertThat(await(engine.read(file, 10_000, ByteBuffer.allocate(10)))).isEqualTo(-1);
        assertThat(await(engine.read(file, 50_000, ByteBuffer.allocateDirect(10)))).isEqualTo(-1);
        assertThat(await(engine.read(file, 0, ByteBuffer.allocate(0)))).isZero();
    }

    @Test
    void writesAndReadsAlignedDirectBuffersBypassingTheCache() throws Exception {
        byte[] data = random(3 * 4096, 3);
        ByteBuffer first = alignedDirect(4096).put(data, 0, 4096).flip();
        ByteBuffer rest = alignedDirect(2 * 4096).put(data, 4096, 2 * 4096).flip();
        Path file = dir.resolve("aligned");

        await(engine.writeAtomically(file, first, rest));

        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        ByteBuffer back = alignedDirect(2 * 4096);
        assertThat(await(engine.read(file, 4096, back))).isEqualTo(2 * 4096);
        byte[] got = new byte[2 * 4096];
        back.flip().get(got);
        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 4096, 3 * 4096));
        // An aligned read reaching past the end returns what is there.
        ByteBuffer past = alignedDirect(4 * 4096);
        assertThat(await(engine.read(file, 0, past))).isEqualTo(3 * 4096);
    }

    @Test
    void replacesAWholeFileAtomically() throws Exception {
        Path file = dir.resolve("replaced");
        await(engine.writeAtomically(file, ByteBuffer.wrap(random(50_000, 4))));
        byte[] shorter = random(1234, 5);
        await(engine.writeAtomically(file, ByteBuffer.wrap(shorter)));
        assertThat(Files.readAllBytes(file)).isEqualTo(shorter);
        await(engine.writeAtomically(file));
        assertThat(Files.size(file)).isZero();
        assertThat(temporaryFilesIn(dir)).isEmpty();
    }

    @Test
    void createsParentDirectories() throws Exception {
        Path file = dir.resolve("a/b/c/shard");
        await(engine.writeAtomically(file, ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
    }

    @Test
    void deletesAndToleratesWhatIsAlreadyGone() throws Exception {
        Path file = dir.resolve("gone");
        await(engine.writeAtomically(file, ByteBuffer.wrap(new byte[] {9})));
        await(engine.delete(file));
        assertThat(file).doesNotExist();
        await(engine.delete(file));
    }

    @Test
    void failuresNameTheFile() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> await(engine.read(missing, 0, ByteBuffer.allocate(10))))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        Path underAFile = dir.resolve("plain");
        Files.write(underAFile, new byte[] {1});
        Path impossible = underAFile.resolve("child");
        assertThatThrownBy(() -> await(engine.writeAtomically(impossible, ByteBuffer.wrap(new byte[] {1}))))
                .isInstanceOf(IOException.class).hasMessageContaining(impossible.toString());
        Path nonEmpty = dir.resolve("full-dir");
        Files.createDirectories(nonEmpty.resolve("x"));
        assertThatThrownBy(() -> await(engine.delete(nonEmpty)))
                .isInstanceOf(IOException.class).hasMessageContaining(nonEmpty.toString());
    }

    @Test
    void manyConcurrentWritesLeaveOnlyTheirTargets() throws Exception {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(engine.writeAtomically(dir.resolve("s" + (i % 50)), ByteBuffer.wrap(random(5000, i % 50)))
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).hasSize(50).allMatch(n -> n.matches("s\\d+"));
        }
        List<CompletableFuture<Integer>> reads = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ByteBuffer buffer = ByteBuffer.allocate(5000);
            buffers.add(buffer);
            reads.add(engine.read(dir.resolve("s" + i), 0, buffer).toCompletableFuture());
        }
        for (int i = 0; i < 50; i++) {
            assertThat(reads.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(5000);
            assertThat(buffers.get(i).array()).isEqualTo(random(5000, i));
        }
    }

    @Test
    void cleansOnlyTheTemporaryFilesOfAtomicWrites() throws Exception {
        Path nested = Files.createDirectories(dir.resolve("x/y"));
        Path leftover = Files.write(nested.resolve(".shard.0123456789abcdef.tmp"), new byte[] {1});
        Path hidden = Files.write(nested.resolve(".hidden"), new byte[] {1});
        Path userTmp = Files.write(dir.resolve("notes.tmp"), new byte[] {1});
        Path shard = Files.write(dir.resolve("shard"), new byte[] {1});

        assertThat(cleanTemporaryFiles(engine, dir)).isEqualTo(1);

        assertThat(leftover).doesNotExist();
        assertThat(hidden).exists();
        assertThat(userTmp).exists();
        assertThat(shard).exists();
        assertThat(cleanTemporaryFiles(engine, dir.resolve("does-not-exist"))).isZero();
    }

    @Test
    @Timeout(120)
    void aFullDiskFailsTheWriteAndLeavesNothingBehind() throws Exception {
        Path mountPoint = dir.resolve("small");
        try (SmallTmpfs tmpfs = SmallTmpfs.mount(mountPoint, "1m")) {
            Path keep = tmpfs.path().resolve("kept");
            await(engine.writeAtomically(keep, ByteBuffer.wrap(random(100_000, 6))));
            Path file = tmpfs.path().resolve("shards/too-big");

            Throwable failure = catchFailure(engine.writeAtomically(file, ByteBuffer.wrap(random(2 << 20, 7))));

            assertThat(failure).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("disk is full").hasMessageContaining(file.toString());
            assertThat(file).doesNotExist();
            assertThat(temporaryFilesIn(tmpfs.path())).isEmpty();
            assertThat(Files.readAllBytes(keep)).isEqualTo(random(100_000, 6));
            // The space of the removed temporary file is back.
            await(engine.writeAtomically(file, ByteBuffer.wrap(random(500_000, 8))));
            assertThat(Files.size(file)).isEqualTo(500_000);
        }
    }

    private static Throwable catchFailure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        return fail("the write succeeded on a full disk");
    }

    /**
     * A child JVM rewrites a 64 MiB file in a loop and is killed (SIGKILL) at several points of a write: the file
     * is always one whole generation, never a mix or a prefix; leftovers are only temporary files, which the
     * clean-up removes. At least one kill must have caught a write in the act (a temporary file left behind), or
     * the test proved nothing.
     */
    @Test
    @Timeout(600)
    void aWriterKilledMidWriteNeverLeavesAPartialFile() throws Exception {
        int size = 64 << 20;
        Path target = dir.resolve("crash/shard");
        int caughtMidWrite = 0;
        double[] fractions = {0.05, 0.25, 0.5, 0.75, 0.95};
        int rounds = 0;
        // Five kills at spread points of a write; more (up to 15) while none has caught a write in the act.
        while (rounds < fractions.length || (caughtMidWrite == 0 && rounds < 3 * fractions.length)) {
            double fraction = fractions[rounds++ % fractions.length];
            Process child = new ProcessBuilder(javaExecutable(), "-Xmx512m",
                    "-Djava.library.path=" + System.getProperty("java.library.path", ""),
                    "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), engineSupplier().getName(), target.toString(), String.valueOf(size))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                // Time one whole write, then kill the child that far into a later one.
                long started = 0;
                long duration = 0;
                long generationKilled = 0;
                while (generationKilled == 0) {
                    String line = lines.poll(60, TimeUnit.SECONDS);
                    if (line == null) {
                        fail("the crash writer said nothing for 60 s (alive: " + child.isAlive() + ")");
                    }
                    if (line.startsWith("writing ")) {
                        long generation = Long.parseLong(line.substring(8));
                        if (generation == 1) {
                            started = System.nanoTime();
                        } else {
                            long pause = (long) (duration * fraction);
                            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
                            child.destroyForcibly();
                            generationKilled = generation;
                        }
                    } else if (line.equals("written 1")) {
                        duration = System.nanoTime() - started;
                    }
                }
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();

                assertThat(target).as("a whole generation stays visible").exists();
                byte[] content = Files.readAllBytes(target);
                assertThat(content).as("size of the file left after the kill").hasSize(size);
                long generation = ByteBuffer.wrap(content).getLong();
                assertThat(generation).isGreaterThanOrEqualTo(generationKilled - 1);
                assertThat(content).as("generation " + generation + " whole")
                        .isEqualTo(Content.bytes(generation, size));
                if (!temporaryFilesIn(target.getParent()).isEmpty()) {
                    caughtMidWrite++;
                }
                cleanTemporaryFiles(engine, target.getParent());
                assertThat(temporaryFilesIn(target.getParent())).isEmpty();
                assertThat(Files.readAllBytes(target)).isEqualTo(content);
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
        System.out.println(getClass().getSimpleName() + ": " + caughtMidWrite + " of " + rounds
                + " kills caught a write in the act");
        assertThat(caughtMidWrite).as("kills that caught a write in the act").isPositive();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
