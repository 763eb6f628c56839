package io.pangea.storage.threaded.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Turns the JDK's I/O errors into ones that name the shard file and say plainly when the disk is full. */
final class Failures {
    private Failures() {
    }

    /** The failure of writing {@code file}, whatever step (temporary file, rename, directory sync) failed. */
    static IOException writing(Path file, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.contains("No space left on device")) {
            return wrap(new FileSystemException(file.toString(), null, "disk is full (No space left on device)"), cause);
        }
        if (message.contains("Disk quota exceeded")) {
            return wrap(new FileSystemException(file.toString(), null, "disk quota exceeded"), cause);
        }
        return naming(file, "write", cause);
    }

    /** The failure of {@code action} (read, delete) on {@code file}; messages that already name it are kept. */
    static IOException naming(Path file, String action, Throwable cause) {
        if (cause instanceof IOException io && String.valueOf(io.getMessage()).contains(file.toString())) {
            return io;
        }
        return wrap(new FileSystemException(file.toString(), null, "could not " + action + ": " + cause), cause);
    }

    private static IOException wrap(IOException failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }
}
