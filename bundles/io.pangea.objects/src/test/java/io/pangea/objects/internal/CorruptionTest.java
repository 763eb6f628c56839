package io.pangea.objects.internal;

import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.api.objects.VerifyReport;
import io.pangea.api.objects.VerifyReport.ShardFault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import static io.pangea.objects.internal.Fixture.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class CorruptionTest {
    @TempDir
    Path directory;
    Fixture node;
    byte[] content;
    ReadCapability capability;

    @BeforeEach
    void setUp() throws Exception {
        node = Fixture.small(directory);
        content = Fixture.compressible(10 * SEGMENT + 321, 7);
        capability = node.store.put(node.write("file.txt", content), PutOptions.defaults(), null);
    }

    @AfterEach
    void tearDown() {
        assertThat(node.selector.openLeases()).as("leases left open").isZero();
        node.close();
    }

    private static Kind kind(Throwable e) {
        return ((ObjectStoreException) e).kind();
    }

    private Path output() {
        return directory.resolve("out.txt");
    }

    private void assertNoOutputLeft() throws Exception {
        assertThat(output()).doesNotExist();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void upToMBadShardsOfASegmentAreRebuilt() throws Exception {
        // M = 4 in segment 3: two data shards flipped, one parity shard flipped, one data shard gone.
        Fixture.flip(node.shard(capability, 3, 0), -1);
        Fixture.flip(node.shard(capability, 3, 7), -100);
        Fixture.flip(node.shard(capability, 3, 12), -1);
        Files.delete(node.shard(capability, 3, 9));
        // And one more in another segment: a header field (K, at offset 50), which the manifest contradicts.
        Fixture.flip(node.shard(capability, 5, 2), 50);

        assertThat(Files.readAllBytes(node.store.get(capability, output(), false, null))).isEqualTo(content);

        VerifyReport report = node.store.verify(capability, false, null);
        assertThat(report.readable()).isTrue();
        assertThat(report.healthy()).isFalse();
        assertThat(report.shardsChecked()).isEqualTo(11 * 14);
        assertThat(report.faults()).extracting(ShardFault::segment, ShardFault::shard, ShardFault::problem,
                        ShardFault::rebuilt, ShardFault::rewritten)
                .containsExactly(
                        tuple(3L, 0, "payload hash mismatch (corrupted)", true, false),
                        tuple(3L, 7, "payload hash mismatch (corrupted)", true, false),
                        tuple(3L, 9, "missing", true, false),
                        tuple(3L, 12, "payload hash mismatch (corrupted)", true, false),
                        tuple(5L, 2, "header does not match the manifest: K " + (10 ^ 0x5a00) + " instead of 10",
                                true, false));

        VerifyReport repaired = node.store.verify(capability, true, null);
        assertThat(repaired.faults()).hasSize(5).allMatch(f -> f.rebuilt() && f.rewritten());
        assertThat(node.store.verify(capability, false, null).healthy()).isTrue();
    }

    @Test
    void moreThanMBadShardsIsAClearErrorNamingTheSegment() throws Exception {
        for (int shard : new int[] {0, 2, 4, 11, 13}) {
            Fixture.flip(node.shard(capability, 6, shard), -3);
        }

        assertThatThrownBy(() -> node.store.get(capability, output(), false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.UNRECOVERABLE))
                .hasMessageStartingWith("segment 6 of file " + capability.fileIdHex().substring(0, 16)
                        + "… (file.txt) cannot be rebuilt: 9 of 14 shards are intact and K = 10 are needed "
                        + "(data shard 0: payload hash mismatch (corrupted); data shard 2:");
        assertNoOutputLeft();

        VerifyReport report = node.store.verify(capability, true, null);
        assertThat(report.readable()).isFalse();
        assertThat(report.unrecoverableSegments()).containsExactly(6L);
        assertThat(report.faults()).hasSize(5).noneMatch(ShardFault::rebuilt);
    }

    @Test
    void aShardOfAnotherObjectIsRejectedBeforeUse() throws Exception {
        ReadCapability other = node.store.put(node.write("other", Fixture.compressible(2 * SEGMENT, 8)),
                PutOptions.defaults(), null);
        Files.copy(node.shard(other, 1, 4), node.shard(capability, 1, 4), StandardCopyOption.REPLACE_EXISTING);

        assertThat(Files.readAllBytes(node.store.get(capability, output(), false, null))).isEqualTo(content);
        assertThat(node.store.verify(capability, false, null).faults()).singleElement()
                .satisfies(f -> assertThat(f.problem()).startsWith("belongs to another object (storage index "));
    }

    @Test
    void truncatedAndForeignFilesAreNamed() throws Exception {
        Path shard = node.shard(capability, 2, 1);
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        Files.write(node.shard(capability, 2, 5), "not a shard at all".getBytes());
        Files.write(node.shard(capability, 2, 6), new byte[0]);

        assertThat(node.store.verify(capability, false, null).faults()).extracting(ShardFault::problem)
                .containsExactly("truncated (" + (bytes.length - 10) + " of " + bytes.length + " bytes)",
                        "not a Pangea shard (magic 6e6f7420)", "empty");
        assertThat(Files.readAllBytes(node.store.get(capability, output(), false, null))).isEqualTo(content);
    }

    @Test
    void wrongKeyIsAClearError() {
        byte[] key = capability.key();
        key[0] ^= 1;
        ReadCapability wrong = new ReadCapability(capability.fileId(), key);

        assertThatThrownBy(() -> node.store.get(wrong, output(), false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.WRONG_KEY))
                .hasMessage("wrong key for file " + capability.fileIdHex()
                        + " (file.txt): the keyring of this node holds another key for it");
        assertThatThrownBy(() -> node.store.verify(wrong, false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.WRONG_KEY));
    }

    @Test
    void unknownObjectIsNotFound() {
        ReadCapability unknown = new ReadCapability(new byte[32], new byte[32]);

        assertThatThrownBy(() -> node.store.get(unknown, output(), false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("no object of file " + "00".repeat(32) + " under this key on this node: the key is "
                        + "wrong, or the file was never stored here");
    }

    @Test
    void corruptedManifestIsAClearError() throws Exception {
        Fixture.flip(node.manifest(capability), -5);

        assertThatThrownBy(() -> node.store.get(capability, output(), false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.CORRUPTED))
                .hasMessage("the manifest of file " + capability.fileIdHex()
                        + " is corrupted: it failed authentication (xchacha20-poly1305)");
        assertNoOutputLeft();

        Fixture.flip(node.manifest(capability), -5);
        Fixture.flip(node.manifest(capability), 0);
        assertThatThrownBy(() -> node.store.verify(capability, false, null))
                .hasMessage("the manifest of file " + capability.fileIdHex()
                        + " is corrupted: manifest is not a Pangea manifest (magic 0a474d46)");
    }

    @Test
    void corruptedOrMissingManifestPageIsAClearError() throws Exception {
        Path page = node.store.pipeline().layout().page(new ObjectKeys(capability.key(), capability.fileId())
                .storageIndex(), 1);
        Fixture.flip(page, 200);
        assertThatThrownBy(() -> node.store.get(capability, output(), false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.CORRUPTED))
                .hasMessage("page 1 of the manifest of file " + capability.fileIdHex()
                        + " is corrupted: it failed authentication (xchacha20-poly1305)");
        assertNoOutputLeft();

        Files.delete(page);
        assertThatThrownBy(() -> node.store.get(capability, output(), false, null))
                .hasMessage("page 1 of the manifest of file " + capability.fileIdHex() + " is missing");
        assertNoOutputLeft();
    }

    @Test
    void missingSourceIsAClearErrorAndStoresNothing() throws Exception {
        Path missing = directory.resolve("no-such-file");
        assertThatThrownBy(() -> node.store.put(missing, PutOptions.defaults(), null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("no such file: " + missing);
        assertThat(node.store.list()).hasSize(1);
    }

    @Test
    void existingOutputIsKeptUnlessReplaced() throws Exception {
        Files.writeString(output(), "keep me");
        assertThatThrownBy(() -> node.store.get(capability, output(), false, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(Kind.EXISTS))
                .hasMessage(output() + " already exists (replace it with --force)");
        assertThat(output()).hasContent("keep me");

        node.store.get(capability, output(), true, null);
        assertThat(Files.readAllBytes(output())).isEqualTo(content);
    }
}
