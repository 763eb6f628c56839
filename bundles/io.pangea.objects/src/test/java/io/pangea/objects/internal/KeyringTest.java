package io.pangea.objects.internal;

import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ReadCapability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyringTest {
    @TempDir
    Path directory;

    private static KeyringEntry entry(int id, String name) {
        byte[] fileId = new byte[32];
        fileId[0] = (byte) id;
        return new KeyringEntry(new ReadCapability(fileId, ObjectKeys.newFileKey()), name, 1000L * id,
                Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void keepsEntriesInAFileOnlyTheOwnerReads() throws Exception {
        Keyring keyring = new Keyring(directory.resolve("pangea").resolve("keyring"));
        assertThat(keyring.entries()).isEmpty();

        KeyringEntry odd = entry(1, "odd\tname with\nnewline é %");
        KeyringEntry plain = entry(2, "plain.txt");
        keyring.put(odd);
        keyring.put(plain);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyring.file()))).isEqualTo("rw-------");
        assertThat(new Keyring(keyring.file()).entries()).containsExactly(odd, plain);
        assertThat(keyring.find(plain.capability().fileId())).contains(plain);
        assertThat(Files.readString(keyring.file())).startsWith("# Pangea keyring")
                .contains(plain.capability().format() + "\t2000\t2026-01-02T03:04:05Z\tplain.txt\n");
        try (var files = Files.list(keyring.file().getParent())) {
            assertThat(files).containsExactly(keyring.file());
        }
    }

    @Test
    void oneEntryPerFileId() throws Exception {
        Keyring keyring = new Keyring(directory.resolve("keyring"));
        KeyringEntry first = entry(1, "first");
        KeyringEntry again = new KeyringEntry(new ReadCapability(first.capability().fileId(), ObjectKeys.newFileKey()),
                "again", 1, Instant.EPOCH);
        keyring.put(first);
        keyring.put(entry(2, "other"));
        keyring.put(again);
        assertThat(keyring.entries()).extracting(KeyringEntry::name).containsExactly("other", "again");
        keyring.remove(first.capability().fileId());
        assertThat(keyring.entries()).extracting(KeyringEntry::name).containsExactly("other");
    }

    @Test
    void aDamagedLineIsNamed() throws Exception {
        Path file = directory.resolve("keyring");
        Files.writeString(file, "# comment\n\npangea:abc:def\t1\t2026-01-01T00:00:00Z\tx\n");
        assertThatThrownBy(() -> new Keyring(file).entries())
                .hasMessageStartingWith("keyring " + file + " line 3 is damaged: a file id is 64 hex digits");
    }
}
