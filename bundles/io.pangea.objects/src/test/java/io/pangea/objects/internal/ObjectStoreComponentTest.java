package io.pangea.objects.internal;

import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStoreComponentTest {
    @TempDir
    Path directory;
    Fixture node;

    @BeforeEach
    void setUp() {
        node = Fixture.small(directory);
    }

    @AfterEach
    void tearDown() {
        node.close();
    }

    @Test
    void putKeepsTheCapabilityInTheKeyring() throws Exception {
        byte[] content = Fixture.compressible(100_000, 1);
        ReadCapability capability = node.store.put(node.write("notes.txt", content), PutOptions.defaults(), null);

        assertThat(node.store.list()).singleElement().satisfies(e -> {
            assertThat(e.capability()).isEqualTo(capability);
            assertThat(e.name()).isEqualTo("notes.txt");
            assertThat(e.size()).isEqualTo(100_000);
        });
        Path data = directory.resolve("data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keyring"))))
                .isEqualTo("rw-------");
    }

    @Test
    void resolvesCapabilitiesFileIdsAndPrefixes() throws Exception {
        ReadCapability a = node.store.put(node.write("a", "a".getBytes()), PutOptions.defaults(), null);
        ReadCapability b = node.store.put(node.write("b", "b".getBytes()), PutOptions.defaults(), null);

        assertThat(node.store.resolve(a.format())).isEqualTo(a);
        assertThat(node.store.resolve(a.fileIdHex())).isEqualTo(a);
        assertThat(node.store.resolve(b.fileIdHex().substring(0, 8).toUpperCase())).isEqualTo(b);
        assertThatThrownBy(() -> node.store.resolve("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'abc' is neither a read capability (pangea:<file id>:<key>) nor a file id "
                        + "(64 hex digits, or a prefix of at least 8)");
        assertThatThrownBy(() -> node.store.resolve("0123456789abcdef"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageStartingWith("no file 0123456789abcdef in the keyring of this node");
        assertThatThrownBy(() -> node.store.resolve("pangea:zz"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameFileIsNotStoredTwice() throws Exception {
        Path source = node.write("same", Fixture.incompressible(200_000, 2));
        ReadCapability first = node.store.put(source, PutOptions.defaults(), null);
        ObjectPipeline.PutOutcome again = node.store.putWithOutcome(source, PutOptions.defaults().withName("x"), null);

        assertThat(again.alreadyStored()).isTrue();
        assertThat(again.capability()).isEqualTo(first);
        assertThat(node.store.list()).extracting(KeyringEntry::name).containsExactly("same");
    }

    @Test
    void anotherShapeReplacesTheStoredObject() throws Exception {
        Path source = node.write("shape", Fixture.incompressible(200_000, 3));
        ReadCapability first = node.store.put(source, PutOptions.defaults(), null);
        ReadCapability second = node.store.put(source, PutOptions.defaults().withShards(4, 2), null);

        assertThat(second).isNotEqualTo(first);
        assertThat(node.objectDirectory(first)).doesNotExist();
        assertThat(node.store.list()).extracting(KeyringEntry::capability).containsExactly(second);
        assertThat(Files.readAllBytes(node.store.get(second, directory.resolve("out"), false, null)))
                .isEqualTo(Files.readAllBytes(source));
    }

    @Test
    void getIntoADirectoryUsesTheStoredName() throws Exception {
        byte[] content = Fixture.compressible(5000, 4);
        ReadCapability capability = node.store.put(node.write("report.txt", content),
                PutOptions.defaults().withName("../evil/report.txt"), null);
        Path target = Files.createDirectory(directory.resolve("restore"));

        Path output = node.store.get(capability, target, false, null);
        assertThat(output).isEqualTo(target.resolve("report.txt"));
        assertThat(Files.readAllBytes(output)).isEqualTo(content);
    }

    @Test
    void invalidOptionsAreRefused() {
        Path source = node.write("x", new byte[10]);
        assertThatThrownBy(() -> node.store.put(source, PutOptions.defaults().withShards(200, 100), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("K + M = 300 exceeds the maximum of 255 shards (K = 200, M = 100)");
    }

    @Test
    void theDataDirectoryDefaultsToKarafData() {
        String previous = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/opt/node/data");
            assertThat(ObjectStoreComponent.dataDirectory("")).isEqualTo(Path.of("/opt/node/data/pangea"));
            assertThat(ObjectStoreComponent.dataDirectory(" /srv/p ")).isEqualTo(Path.of("/srv/p"));
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }
}
