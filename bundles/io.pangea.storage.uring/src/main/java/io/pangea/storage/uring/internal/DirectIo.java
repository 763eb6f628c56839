package io.pangea.storage.uring.internal;

import java.nio.ByteBuffer;

/**
 * When a transfer can bypass the page cache (O_DIRECT): the buffer's address, the file position and the length
 * all on 4096-byte boundaries — the same rule as the threaded engine's.
 */
final class DirectIo {
    static final int ALIGNMENT = 4096;

    private DirectIo() {
    }

    static boolean aligned(ByteBuffer buffer, long position) {
        return buffer.isDirect() && position % ALIGNMENT == 0
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
