package io.pangea.api.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files of atomic writes, layout {@code files-v1}: {@code .<target name>.<16 hex digits>.tmp} in the
 * target's directory, so that the rename over the target stays within one file system. Readers ask for a file
 * by its name and so never see one; a killed process may leave one behind for {@link #clean(Path)}. Every
 * engine of the layout names them so, which is why this lives with the API.
 */
public final class TemporaryFiles {
    private static final Pattern NAME = Pattern.compile("\\..+\\.[0-9a-f]{16}\\.tmp");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TemporaryFiles() {
    }

    /** A fresh name beside {@code target}: a random prefix keeps processes apart, the counter threads. */
    public static Path next(Path target) {
        long unique = ((long) RANDOM.nextInt() << 32) | (COUNTER.incrementAndGet() & 0xffffffffL);
        return target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().toHexDigits(unique) + ".tmp");
    }

    public static boolean isTemporary(Path file) {
        Path name = file.getFileName();
        return name != null && NAME.matcher(name.toString()).matches();
    }

    /**
     * Deletes the temporary files left under {@code dir} (recursively) by writes that never finished. Call it
     * when no write is in flight, at start-up: it cannot tell an abandoned file from one being written.
     *
     * @return how many files were deleted; 0 when {@code dir} does not exist
     */
    public static int clean(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return (int) files.filter(TemporaryFiles::isTemporary).filter(Files::isRegularFile).filter(file -> {
                try {
                    return Files.deleteIfExists(file);
                } catch (NoSuchFileException e) {
                    return false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).count();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
