package io.pangea.objects.internal;

import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pangea.objects.internal.Fixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Objects record their codecs; reading leases by codec, whatever is active by then. */
class ProviderSwitchTest {
    @TempDir
    Path directory;

    @Test
    void nativeWrittenJavaRead() throws Exception {
        try (Fixture node = Fixture.small(directory)) {
            node.selector.activate("zstd", "xchacha20-poly1305-native", "isal");
            byte[] content = Fixture.compressible(7 * SEGMENT + 99, 1);
            ReadCapability capability = node.store.put(node.write("a", content), PutOptions.defaults(), null);
            assertThat(node.selector.leases("xchacha20-poly1305-native")).isPositive();
            assertThat(node.selector.leases("isal")).isPositive();

            node.selector.activate("xchacha20-poly1305-java", "java", "none");
            int tinkBefore = node.selector.leases("xchacha20-poly1305-java");
            Path output = node.store.get(capability, directory.resolve("a.out"), false, null);

            assertThat(Files.readAllBytes(output)).isEqualTo(content);
            // zstd is registered but not active: leased by codec for the segments that need it.
            assertThat(node.selector.leases("xchacha20-poly1305-java")).isGreaterThan(tinkBefore);
            assertThat(node.selector.openLeases()).isZero();
        }
    }

    @Test
    void javaWrittenNativeRead() throws Exception {
        try (Fixture node = Fixture.small(directory)) {
            node.selector.activate("none", "xchacha20-poly1305-java", "java");
            byte[] content = Fixture.compressible(5 * SEGMENT + 1, 2);
            ReadCapability capability = node.store.put(node.write("b", content), PutOptions.defaults(), null);
            ShardHeader header = ShardHeader.decode(ByteBuffer.wrap(Files.readAllBytes(node.shard(capability, 0, 0))));
            assertThat(header.compression()).isEqualTo("none");

            node.selector.activate("zstd", "xchacha20-poly1305-native", "isal");
            int isalBefore = node.selector.leases("isal");
            // A lost data shard makes the reader decode through the (now native) erasure coder.
            Files.delete(node.shard(capability, 2, 3));
            assertThat(Files.readAllBytes(node.store.get(capability, directory.resolve("b.out"), false, null)))
                    .isEqualTo(content);
            assertThat(node.selector.leases("isal")).isGreaterThan(isalBefore);
        }
    }

    @Test
    void aReaderWithoutTheCodecSaysWhichIsMissing() throws Exception {
        try (Fixture node = Fixture.small(directory)) {
            node.selector.activate("aes-256-gcm");
            byte[] content = Fixture.incompressible(SEGMENT, 3);
            ReadCapability capability = node.store.put(node.write("c", content), PutOptions.defaults(), null);
            node.selector.unregister("aes-256-gcm");

            assertThatThrownBy(() -> node.store.get(capability, directory.resolve("c.out"), false, null))
                    .isInstanceOfSatisfying(ObjectStoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.NO_PROVIDER))
                    .hasMessageContaining("aes-256-gcm");
            assertThat(directory.resolve("c.out")).doesNotExist();
        }
    }

    @Test
    void switchesDuringALongPut() throws Exception {
        try (Fixture node = Fixture.small(directory)) {
            byte[] content = Fixture.compressible(160 * SEGMENT + 5, 4);
            Path source = node.write("long", content);
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch switched = new CountDownLatch(3);
            AtomicInteger round = new AtomicInteger();
            Thread switcher = new Thread(() -> {
                String[][] sets = {
                        {"zstd", "xchacha20-poly1305-native", "isal"},
                        {"none", "xchacha20-poly1305-java", "java"},
                        {"zstd", "aes-256-gcm", "java"},
                };
                while (running.get()) {
                    node.selector.activate(sets[round.getAndIncrement() % sets.length]);
                    switched.countDown();
                    try {
                        Thread.sleep(3);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            switcher.start();
            ReadCapability capability;
            try {
                switched.await();
                capability = node.store.put(source, PutOptions.defaults(), null);
            } finally {
                running.set(false);
                switcher.join();
            }

            Set<String> ciphers = new HashSet<>();
            Set<String> compressions = new HashSet<>();
            for (long segment = 0; segment <= 160; segment++) {
                ShardHeader header = ShardHeader.decode(ByteBuffer.wrap(Files.readAllBytes(
                        node.shard(capability, segment, 0))));
                ciphers.add(header.cipher());
                compressions.add(header.compression());
            }
            assertThat(ciphers).as("segments sealed by several ciphers").hasSizeGreaterThan(1);
            assertThat(compressions).contains("zstd", "none");

            node.selector.activate("none", "xchacha20-poly1305-java", "java");
            assertThat(Files.readAllBytes(node.store.get(capability, directory.resolve("long.out"), false, null)))
                    .isEqualTo(content);
            assertThat(node.selector.openLeases()).isZero();
        }
    }
}
