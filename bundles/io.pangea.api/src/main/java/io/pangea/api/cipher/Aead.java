package io.pangea.api.cipher;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.ByteBuffer;

/** Authenticated encryption with associated data. */
@ProviderType
public interface Aead {

    /** The codec id recorded with sealed data: {@code xchacha20-poly1305} or {@code aes-256-gcm}. */
    String codec();

    int keyLength();

    int nonceLength();

    int tagLength();

    /**
     * Seals the remaining bytes of {@code plaintext} into {@code ciphertext} (ciphertext then tag,
     * {@code plaintext.remaining() + tagLength()} bytes).
     *
     * @param associatedData authenticated, not encrypted; may be null
     */
    void seal(byte[] key, byte[] nonce, ByteBuffer associatedData, ByteBuffer plaintext, ByteBuffer ciphertext);

    /**
     * Opens what {@link #seal} made.
     *
     * @throws AuthenticationException when the key, nonce, associated data or ciphertext do not match
     */
    void open(byte[] key, byte[] nonce, ByteBuffer associatedData, ByteBuffer ciphertext, ByteBuffer plaintext)
            throws AuthenticationException;
}
