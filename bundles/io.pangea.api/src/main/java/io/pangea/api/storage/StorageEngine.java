package io.pangea.api.storage;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/** Reads and writes shard files off the caller's thread. Engines share one on-disk layout. */
@ProviderType
public interface StorageEngine {

    /**
     * Writes the remaining bytes of the buffers, in order, as the whole content of {@code file}: written to a
     * temporary file, forced to disk, then renamed, so that a crash never leaves a half-written file visible.
     */
    CompletionStage<Void> writeAtomically(Path file, ByteBuffer... content);

    /** Reads up to {@code destination.remaining()} bytes at {@code position}; completes with the count, -1 at end. */
    CompletionStage<Integer> read(Path file, long position, ByteBuffer destination);

    CompletionStage<Void> delete(Path file);
}
