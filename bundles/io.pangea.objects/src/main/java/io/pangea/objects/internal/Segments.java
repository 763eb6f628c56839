package io.pangea.objects.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What put, get and verify share about segments: the associated data of a sealed segment, and SHA-256. */
final class Segments {
    /** The codec id of a segment stored as it was, because compression did not make it smaller. */
    static final String UNCOMPRESSED = "none";
    private static final byte[] LABEL = ObjectKeys.ascii("pangea segment");

    private Segments() {
    }

    /**
     * Binds a sealed segment to its object, its place and how to read it back: moving a segment, or changing the
     * length or compression codec in the manifest, makes it fail authentication.
     */
    static ByteBuffer associatedData(byte[] storageIndex, long segment, int plainLength, String compression) {
        byte[] codec = ObjectKeys.ascii(compression);
        return ByteBuffer.allocate(LABEL.length + storageIndex.length + 8 + 4 + 1 + codec.length)
                .put(LABEL).put(storageIndex).putLong(segment).putInt(plainLength).put((byte) codec.length).put(codec)
                .flip();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK offers no SHA-256", e);
        }
    }

    /** SHA-256 of the remaining bytes; the buffer's position does not move. */
    static byte[] sha256(ByteBuffer bytes) {
        MessageDigest digest = sha256();
        digest.update(bytes.duplicate());
        return digest.digest();
    }

    /** A view of {@code length} bytes of {@code buffer} from absolute {@code offset}. */
    static ByteBuffer window(ByteBuffer buffer, int offset, int length) {
        return buffer.duplicate().clear().position(offset).limit(offset + length).slice();
    }
}
