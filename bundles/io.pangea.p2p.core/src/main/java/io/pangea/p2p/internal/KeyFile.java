package io.pangea.p2p.internal;

import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The node key file: the 32-byte Ed25519 seed as an RFC 8410 PKCS#8 {@code PRIVATE KEY} in PEM, the form
 * {@code openssl genpkey -algorithm ed25519} writes and {@code openssl pkey -in node.key -text} reads.
 *
 * <p>Written owner-only (0600 where the file system has POSIX permissions) through a temporary file in the same
 * directory that is flushed to disk, then renamed or linked into place, so a crash leaves the old key or the new one,
 * never half of one.
 */
public final class KeyFile {
    /** Larger files are refused unread: a key file is about 120 bytes. */
    public static final int MAX_FILE_LENGTH = 4096;
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private KeyFile() {
    }

    /** The seed in {@code file}; IO problems are {@link IOException}s, bad content a {@link WireFormatException}. */
    public static byte[] readSeed(Path file) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_LENGTH + 1);
        }
        try {
            if (content.length > MAX_FILE_LENGTH) {
                throw new WireFormatException("key file " + file + " is larger than " + MAX_FILE_LENGTH + " bytes");
            }
            return parse(new String(content, StandardCharsets.US_ASCII), file);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    static byte[] parse(String text, Path file) {
        String[] lines = text.strip().split("\r?\n");
        if (lines.length < 3 || !lines[0].strip().equals(BEGIN) || !lines[lines.length - 1].strip().equals(END)) {
            throw new WireFormatException("key file " + file + " is not a PEM \"PRIVATE KEY\"");
        }
        StringBuilder base64 = new StringBuilder();
        for (int i = 1; i < lines.length - 1; i++) {
            base64.append(lines[i].strip());
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("key file " + file + ": invalid base64", e);
        }
        byte[] prefix = Ed25519.PKCS8_PREFIX;
        if (der.length != prefix.length + Ed25519.KEY_LENGTH || !Arrays.equals(der, 0, prefix.length, prefix, 0,
                prefix.length)) {
            Arrays.fill(der, (byte) 0);
            throw new WireFormatException("key file " + file + " does not hold an Ed25519 PKCS#8 v1 private key");
        }
        byte[] seed = Arrays.copyOfRange(der, prefix.length, der.length);
        Arrays.fill(der, (byte) 0);
        return seed;
    }

    static byte[] format(byte[] seed) {
        byte[] der = Arrays.copyOf(Ed25519.PKCS8_PREFIX, Ed25519.PKCS8_PREFIX.length + Ed25519.KEY_LENGTH);
        System.arraycopy(seed, 0, der, Ed25519.PKCS8_PREFIX.length, Ed25519.KEY_LENGTH);
        byte[] body = Base64.getEncoder().encode(der);
        Arrays.fill(der, (byte) 0);
        byte[] begin = (BEGIN + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] end = ("\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[begin.length + body.length + end.length];
        System.arraycopy(begin, 0, out, 0, begin.length);
        System.arraycopy(body, 0, out, begin.length, body.length);
        System.arraycopy(end, 0, out, begin.length + body.length, end.length);
        Arrays.fill(body, (byte) 0);
        return out;
    }

    /**
     * Writes {@code seed} to {@code file} atomically.
     *
     * @param replace whether an existing file is replaced; if not, an existing file makes this throw
     *                {@link FileAlreadyExistsException} and stays untouched
     */
    public static void writeSeed(Path file, byte[] seed, boolean replace) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = createOwnerOnlyTemp(dir);
        byte[] content = format(seed);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (replace) {
                moveIntoPlace(temp, target);
            } else {
                linkIntoPlace(temp, target);
            }
            syncDirectory(dir);
        } finally {
            Arrays.fill(content, (byte) 0);
            Files.deleteIfExists(temp);
        }
    }

    private static Path createOwnerOnlyTemp(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            FileAttribute<Set<PosixFilePermission>> ownerOnly =
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            return Files.createTempFile(dir, ".node-key-", ".tmp", ownerOnly);
        }
        return Files.createTempFile(dir, ".node-key-", ".tmp");
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A hard link fails if the target exists (a rename would silently replace it), so two creators cannot race. */
    private static void linkIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException noHardLinks) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Makes the new directory entry durable; not every platform can open a directory, which is then skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the file's own content was forced before it was linked.
        }
    }
}
