package io.pangea.objects.internal;

import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ReadCapability;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node's read capabilities, one line each in a text file only the node's user may read (mode 0600):
 * <pre>
 * pangea:&lt;file id&gt;:&lt;key&gt; TAB size TAB stored (ISO-8601) TAB name (URL-encoded)
 * </pre>
 * One entry per file id. Every change rewrites the file through a temporary file renamed over it, so that a
 * crash leaves the old keyring or the new one, never half of one.
 */
final class Keyring {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String HEADER = "# Pangea keyring: read capabilities (file id and key) of the files put into "
            + "this node. Whoever reads this file can read those files.";

    private final Path file;

    Keyring(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    synchronized List<KeyringEntry> entries() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<KeyringEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            entries.add(parse(line, i + 1));
        }
        return entries;
    }

    synchronized Optional<KeyringEntry> find(byte[] fileId) throws IOException {
        return entries().stream().filter(e -> Arrays.equals(e.capability().fileId(), fileId)).findFirst();
    }

    /** Adds the entry, replacing the one of the same file id. */
    synchronized void put(KeyringEntry entry) throws IOException {
        List<KeyringEntry> entries = new ArrayList<>(entries());
        entries.removeIf(e -> e.fileIdHex().equals(entry.fileIdHex()));
        entries.add(entry);
        write(entries);
    }

    synchronized void remove(byte[] fileId) throws IOException {
        List<KeyringEntry> entries = new ArrayList<>(entries());
        if (entries.removeIf(e -> Arrays.equals(e.capability().fileId(), fileId))) {
            write(entries);
        }
    }

    private KeyringEntry parse(String line, int number) throws IOException {
        String[] fields = line.split("\t", -1);
        if (fields.length != 4) {
            throw corrupt(number, "expected 4 tab-separated fields, found " + fields.length);
        }
        try {
            return new KeyringEntry(ReadCapability.parse(fields[0]), URLDecoder.decode(fields[3], StandardCharsets.UTF_8),
                    Long.parseLong(fields[1]), Instant.parse(fields[2]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw corrupt(number, e.getMessage());
        }
    }

    private IOException corrupt(int line, String problem) {
        return new IOException("keyring " + file + " line " + line + " is damaged: " + problem);
    }

    private void write(List<KeyringEntry> entries) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (KeyringEntry e : entries) {
            text.append(e.capability().format()).append('\t').append(e.size()).append('\t').append(e.stored())
                    .append('\t').append(URLEncoder.encode(e.name(), StandardCharsets.UTF_8)).append('\n');
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = directory.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            createOwnerOnly(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                var bytes = java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates the file with mode 0600 from the start, so that its content is never readable by others. */
    static void createOwnerOnly(Path path) throws IOException {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        try {
            Files.createFile(path, mode);
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            throw e;
        }
    }
}
