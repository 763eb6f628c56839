package io.pangea.storage.uring.internal;

import java.nio.ByteBuffer;
import java.util.Optional;

/** The JNI glue (src/main/c/pangea_uring.c). Every method but {@link #loadFailure()} needs the library loaded. */
final class NativeRing {
    static final String LIBRARY = "pangea_uring";
    private static final Optional<String> LOAD_FAILURE = load(LIBRARY);

    private NativeRing() {
    }

    /** Loads {@code lib<name>.so}: empty when it loaded, else why not. */
    static Optional<String> load(String name) {
        try {
            System.loadLibrary(name);
            return Optional.empty();
        } catch (LinkageError | SecurityException e) {
            return Optional.of("native library lib" + name + ".so did not load: " + e.getMessage());
        }
    }

    /** Why the glue is not usable here, or empty when it is. */
    static Optional<String> loadFailure() {
        return LOAD_FAILURE;
    }

    /** A ring of {@code entries} SQEs and {@code cqEntries} CQEs: its address, or -errno. */
    static native long create(int entries, int cqEntries);

    /** A sparse table of {@code count} direct descriptors (openat_direct, IOSQE_FIXED_FILE): 0 or -errno. */
    static native int registerFiles(long ring, int count);

    /** The kernel's IORING_FEAT_* bits for the ring. */
    static native int features(long ring);

    static native void destroy(long ring);

    /**
     * Queues {@code count} 64-byte descriptors at {@code descriptors} and submits them, linked chains whole:
     * descriptors taken in the high 32 bits, io_uring_submit's result (or -errno) in the low 32 bits.
     */
    static native long submit(long ring, long descriptors, int count);

    /**
     * Waits for a completion (at most {@code timeoutMillis} when > 0; needs IORING_FEAT_EXT_ARG) and copies up to
     * {@code max} 16-byte completions to {@code completions}: the count, 0 when the time ran out, or -errno.
     */
    static native int reap(long ring, long completions, int max, int timeoutMillis);

    /** The address of a direct buffer's first byte (index 0, whatever its position). */
    static native long address(ByteBuffer buffer);

    static native String strerror(int errno);
}
