package io.pangea.api.cipher;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

/**
 * The argument checks of {@link Aead}, with messages that name the codec and say what is wrong. Every provider
 * uses these, so that swapping providers changes no error a caller sees.
 */
public final class AeadChecks {

    private AeadChecks() {
    }

    public static void keyAndNonce(Aead aead, byte[] key, byte[] nonce) {
        if (key == null || key.length != aead.keyLength()) {
            throw new IllegalArgumentException(aead.codec() + ": key must be " + aead.keyLength() + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
        if (nonce == null || nonce.length != aead.nonceLength()) {
            throw new IllegalArgumentException(aead.codec() + ": nonce must be " + aead.nonceLength() + " bytes, got "
                    + (nonce == null ? "none" : nonce.length));
        }
    }

    /**
     * @param name what the buffer is ("ciphertext", "plaintext")
     * @param what the operation that needs the room, for the message
     */
    public static void destination(Aead aead, ByteBuffer destination, int needed, String name, String what) {
        if (destination.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (destination.remaining() < needed) {
            throw new IllegalArgumentException(aead.codec() + ": " + name + " buffer has room for "
                    + destination.remaining() + " bytes; " + what + " needs " + needed);
        }
    }

    /**
     * Every check before sealing: key and nonce, a message small enough that ciphertext and tag fit an array, and
     * room in {@code ciphertext} for both.
     *
     * @return the plaintext's length (its remaining bytes)
     */
    public static int beforeSeal(Aead aead, byte[] key, byte[] nonce, ByteBuffer plaintext, ByteBuffer ciphertext) {
        keyAndNonce(aead, key, nonce);
        int length = plaintext.remaining();
        if (length > Integer.MAX_VALUE - aead.tagLength()) {
            throw new IllegalArgumentException(aead.codec() + ": " + length
                    + " bytes are too many to seal in one message");
        }
        destination(aead, ciphertext, length + aead.tagLength(), "ciphertext", "sealing " + length + " bytes");
        return length;
    }

    /**
     * Every check before opening: key and nonce, a ciphertext at least as long as the tag, and room in
     * {@code plaintext} for what it holds.
     *
     * @return the plaintext's length: the ciphertext's remaining bytes less the tag
     * @throws AuthenticationException when the ciphertext is shorter than the tag (truncated data)
     */
    public static int beforeOpen(Aead aead, byte[] key, byte[] nonce, ByteBuffer ciphertext, ByteBuffer plaintext)
            throws AuthenticationException {
        keyAndNonce(aead, key, nonce);
        int length = ciphertext.remaining() - aead.tagLength();
        if (length < 0) {
            throw new AuthenticationException(aead.codec() + ": ciphertext of " + ciphertext.remaining()
                    + " bytes is shorter than the " + aead.tagLength() + "-byte tag (truncated data)");
        }
        destination(aead, plaintext, length, "plaintext", "opening " + length + " bytes");
        return length;
    }
}
