package io.pangea.storage.threaded.internal;

import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.util.Optional;

/**
 * When a transfer can bypass the page cache (O_DIRECT): the buffer's address, the file position and the length
 * all on 4096-byte boundaries. {@code com.sun.nio.file.ExtendedOpenOption} is imported optionally: without it
 * every transfer is buffered.
 */
final class DirectIo {
    static final int ALIGNMENT = 4096;
    private static final Optional<OpenOption> DIRECT = direct();

    private DirectIo() {
    }

    private static Optional<OpenOption> direct() {
        try {
            return Optional.of(com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }

    static Optional<OpenOption> option() {
        return DIRECT;
    }

    static boolean aligned(ByteBuffer buffer, long position) {
        return DIRECT.isPresent() && buffer.isDirect() && position % ALIGNMENT == 0
                && buffer.remaining() > 0 && buffer.remaining() % ALIGNMENT == 0
                && buffer.alignmentOffset(buffer.position(), ALIGNMENT) == 0;
    }

    static boolean aligned(ByteBuffer[] content) {
        long position = 0;
        for (ByteBuffer buffer : content) {
            if (!aligned(buffer, position)) {
                return false;
            }
            position += buffer.remaining();
        }
        return content.length > 0;
    }
}
