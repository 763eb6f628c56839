package io.pangea.objects.internal;

import io.pangea.api.objects.ProgressListener;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static io.pangea.objects.internal.Fixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;

class RoundTripTest {
    @TempDir
    Path directory;
    Fixture node;

    @BeforeEach
    void setUp() {
        node = Fixture.small(directory);
    }

    @AfterEach
    void tearDown() {
        assertThat(node.selector.openLeases()).as("leases left open").isZero();
        node.close();
    }

    private byte[] roundTrip(byte[] content) throws Exception {
        Path source = node.write("source.bin", content);
        ReadCapability capability = node.store.put(source, PutOptions.defaults(), ProgressListener.NONE);
        Path output = node.store.get(capability, directory.resolve("output.bin"), false, ProgressListener.NONE);
        assertThat(capability.fileId()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        return Files.readAllBytes(output);
    }

    @ParameterizedTest(name = "{0} bytes, incompressible")
    @ValueSource(ints = {0, 1, 100, SEGMENT - 1, SEGMENT, SEGMENT + 1, 9 * SEGMENT + 12345})
    void incompressible(int length) throws Exception {
        byte[] content = Fixture.incompressible(length, length);
        assertThat(roundTrip(content)).isEqualTo(content);
    }

    @ParameterizedTest(name = "{0} bytes, compressible")
    @ValueSource(ints = {1, SEGMENT, 17 * SEGMENT + 3})
    void compressible(int length) throws Exception {
        byte[] content = Fixture.compressible(length, length);
        assertThat(roundTrip(content)).isEqualTo(content);
    }

    @Test
    void emptyFileIsOnlyAManifest() throws Exception {
        Path source = node.write("empty", new byte[0]);
        ReadCapability capability = node.store.put(source, PutOptions.defaults(), null);

        assertThat(capability.fileIdHex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        try (var files = Files.list(node.objectDirectory(capability))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("manifest");
        }
        Path output = node.store.get(capability, directory.resolve("empty.out"), false, null);
        assertThat(output).isEmptyFile();
    }

    @Test
    void exactlyOneSegmentMakesKPlusMShardsWithHeaders() throws Exception {
        byte[] content = Fixture.incompressible(SEGMENT, 1);
        Path source = node.write("one", content);
        ReadCapability capability = node.store.put(source, PutOptions.defaults(), null);

        try (var files = Files.list(node.objectDirectory(capability))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(14 + 2)
                    .contains("manifest", "page-0", "0-0", "0-13");
        }
        ShardHeader header = ShardHeader.decode(ByteBuffer.wrap(Files.readAllBytes(node.shard(capability, 0, 13))));
        assertThat(header.segment()).isZero();
        assertThat(header.shard()).isEqualTo(13);
        assertThat(header.dataShards()).isEqualTo(10);
        assertThat(header.parityShards()).isEqualTo(4);
        // Random bytes do not compress: the segment is stored as it is and says so.
        assertThat(header.compression()).isEqualTo("none");
        assertThat(header.cipher()).isEqualTo("xchacha20-poly1305");
        assertThat(header.erasure()).isEqualTo("rs-cauchy-gf256");
        assertThat(header.plainLength()).isEqualTo(SEGMENT);
        assertThat(header.sealedLength()).isEqualTo(SEGMENT + 16);
        assertThat(header.shardLength()).isEqualTo((SEGMENT + 16 + 9) / 10);
        assertThat(header.storageIndex()).isEqualTo(new ObjectKeys(capability.key(), capability.fileId()).storageIndex());
        assertThat(Files.readAllBytes(node.store.get(capability, directory.resolve("one.out"), false, null)))
                .isEqualTo(content);
    }

    @Test
    void compressibleSegmentsAreStoredCompressed() throws Exception {
        byte[] content = Fixture.compressible(4 * SEGMENT, 2);
        ReadCapability capability = node.store.put(node.write("text", content), PutOptions.defaults(), null);

        ShardHeader header = ShardHeader.decode(ByteBuffer.wrap(Files.readAllBytes(node.shard(capability, 1, 0))));
        assertThat(header.compression()).isEqualTo("zstd");
        assertThat(header.sealedLength()).isLessThan(SEGMENT / 2);
    }

    @Test
    void nothingNamesTheFileId() throws Exception {
        byte[] content = Fixture.incompressible(3 * SEGMENT, 3);
        ReadCapability capability = node.store.put(node.write("secret", content), PutOptions.defaults(), null);
        byte[] fileId = capability.fileId();
        String hex = capability.fileIdHex();

        try (var files = Files.walk(node.store.pipeline().layout().root())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(file.toString()).doesNotContain(hex);
                byte[] bytes = Files.readAllBytes(file);
                assertThat(indexOf(bytes, fileId)).as(file + " holds the file id").isNegative();
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void otherShapesAndCiphers() throws Exception {
        node.selector.activate("aes-256-gcm", "java");
        byte[] content = Fixture.compressible(5 * SEGMENT + 7, 4);
        Path source = node.write("shapes", content);
        for (int[] shape : new int[][] {{1, 0}, {1, 2}, {3, 1}, {16, 8}}) {
            ReadCapability capability = node.store.put(source,
                    PutOptions.defaults().withShards(shape[0], shape[1]).withName("k" + shape[0]), null);
            Path output = node.store.get(capability, directory.resolve("out-" + shape[0] + "-" + shape[1]), false, null);
            assertThat(Files.readAllBytes(output)).as("K %d, M %d", shape[0], shape[1]).isEqualTo(content);
            ShardHeader header = ShardHeader.decode(ByteBuffer.wrap(Files.readAllBytes(
                    node.shard(capability, 0, shape[0] + shape[1] - 1))));
            assertThat(header.cipher()).isEqualTo("aes-256-gcm");
        }
    }

    @Test
    void progressRunsToTheEndInOrder() throws Exception {
        byte[] content = Fixture.incompressible(6 * SEGMENT + 5, 5);
        Path source = node.write("progress", content);
        List<String> seen = new ArrayList<>();
        List<Long> stored = new ArrayList<>();
        ReadCapability capability = node.store.put(source, PutOptions.defaults(), (phase, done, total) -> {
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase.label())) {
                seen.add(phase.label());
            }
            assertThat(total).isEqualTo(content.length);
            if (phase == ProgressListener.Phase.STORING) {
                stored.add(done);
            }
        });
        assertThat(seen).containsExactly("hashing", "storing");
        assertThat(stored).isSorted().last().isEqualTo((long) content.length);

        List<Long> read = new ArrayList<>();
        node.store.get(capability, directory.resolve("progress.out"), false, (phase, done, total) -> read.add(done));
        assertThat(read).hasSize(7).isSorted().last().isEqualTo((long) content.length);
    }

    @Test
    void fileIdIsTheSha256OfThePlaintext() throws Exception {
        Path source = node.write("abc", "abc".getBytes());
        ReadCapability capability = node.store.put(source, PutOptions.defaults(), null);
        assertThat(HexFormat.of().formatHex(capability.fileId()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
