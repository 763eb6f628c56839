package io.pangea.objects.internal;

import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.storage.threaded.internal.ThreadedStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A disk that fills up: a 2 MiB tmpfs mounted for the test (needs root, or CAP_SYS_ADMIN). Shards go through the
 * real threaded storage engine.
 */
class FullDiskTest {
    @TempDir
    Path directory;
    Path disk;
    boolean mounted;
    ThreadedStorageEngine engine;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectory(directory.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        boolean done = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (!done) {
            System.err.println("!!!!! FullDiskTest SKIPPED: cannot mount a tmpfs (" + output.trim()
                    + "); run the tests as root to check the full-disk behaviour !!!!!");
        }
        Assumptions.assumeTrue(done, "mounting a 2 MiB tmpfs needs root: " + output.trim());
        mounted = true;
        engine = new ThreadedStorageEngine(4, 64);
    }

    @AfterEach
    void unmount() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (mounted) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Fixture node(Path data) {
        TestSelector selector = TestProviders.all(directory).unregister("test-files").register("threaded", engine);
        return new Fixture(data, selector, Fixture.settings(10, 4));
    }

    private static long regularFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void putOnAFullDiskLeavesNothingBehind() throws Exception {
        try (Fixture node = node(disk)) {
            Path source = directory.resolve("big.bin");
            Files.write(source, Fixture.incompressible(6 << 20, 1));

            assertThatThrownBy(() -> node.store.put(source, PutOptions.defaults(), null))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SPACE))
                    .hasMessageStartingWith("storing " + source + " (segment ").hasMessageContaining(") failed: the disk is full (");

            assertThat(regularFiles(disk.resolve("data"))).as("files left on the full disk").isZero();
            assertThat(node.store.list()).isEmpty();
            assertThat(node.selector.openLeases()).isZero();

            // The disk is usable again: a small file goes in and comes back.
            byte[] small = Fixture.incompressible(100_000, 2);
            ReadCapability capability = node.store.put(node.write("small.bin", small), PutOptions.defaults(), null);
            assertThat(Files.readAllBytes(node.store.get(capability, directory.resolve("small.out"), false, null)))
                    .isEqualTo(small);
        }
    }

    @Test
    void getOntoAFullDiskLeavesNoPartialOutput() throws Exception {
        try (Fixture node = node(directory.resolve("node"))) {
            byte[] content = Fixture.incompressible(3 << 20, 3);
            ReadCapability capability = node.store.put(node.write("three.bin", content), PutOptions.defaults(), null);
            Path output = disk.resolve("three.out");

            assertThatThrownBy(() -> node.store.get(capability, output, false, null))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SPACE))
                    .hasMessageContaining("the disk is full");
            assertThat(regularFiles(disk)).isZero();
        }
    }
}
