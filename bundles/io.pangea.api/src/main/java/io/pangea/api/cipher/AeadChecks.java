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
}
