package io.pangea.storage.uring.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A failed completion (-errno) as the exception the JDK would throw, naming the shard file. */
final class Failures {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int ENOTEMPTY = 39;
    static final int EDQUOT = 122;

    private Failures() {
    }

    /** The failure of {@code action} (read, write, delete…) on {@code file} with {@code errno}. */
    static IOException of(Path file, String action, int errno) {
        String name = file.toString();
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(name);
            case EACCES, EPERM -> new AccessDeniedException(name, null, NativeRing.strerror(errno));
            case EEXIST -> new FileAlreadyExistsException(name);
            case ENOTEMPTY -> new DirectoryNotEmptyException(name);
            case ENOSPC -> new FileSystemException(name, null, "disk is full (No space left on device)");
            case EDQUOT -> new FileSystemException(name, null, "disk quota exceeded");
            case Ring.ESHUTDOWN -> new FileSystemException(name, null, "could not " + action
                    + ": the io_uring storage engine is closed");
            default -> new FileSystemException(name, null, "could not " + action + ": "
                    + NativeRing.strerror(errno) + " (errno " + errno + ")");
        };
    }

    /** A JDK failure (creating directories) while writing {@code file}, naming it. */
    static IOException writing(Path file, IOException cause) {
        if (String.valueOf(cause.getMessage()).contains(file.toString())) {
            return cause;
        }
        IOException failure = new FileSystemException(file.toString(), null, "could not write: " + cause);
        failure.initCause(cause);
        return failure;
    }
}
