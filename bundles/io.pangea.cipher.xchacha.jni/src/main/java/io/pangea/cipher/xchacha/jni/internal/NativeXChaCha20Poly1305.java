package io.pangea.cipher.xchacha.jni.internal;

import io.pangea.api.cipher.AeadChecks;

import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;

import java.nio.ByteBuffer;

/**
 * XChaCha20-Poly1305 through {@link XChaChaNative}: byte for byte what the Tink provider of the same codec makes.
 * Heap and direct buffers go to the native side without copies (a read-only heap buffer, which hides its array,
 * is copied). The associated data is read, not consumed.
 */
public final class NativeXChaCha20Poly1305 implements Aead {
    static final String CODEC = "xchacha20-poly1305";
    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 24;
    private static final int TAG_LENGTH = 16;

    private final String unavailable;

    /** @param unavailable why the library cannot be used, or null when it loaded */
    NativeXChaCha20Poly1305(String unavailable) {
        this.unavailable = unavailable;
    }

    /** The provider with the library loaded, or an {@link IllegalStateException} saying why it cannot load. */
    public static NativeXChaCha20Poly1305 load() {
        String reason = XChaChaNative.load().orElse(null);
        if (reason != null) {
            throw new IllegalStateException(reason);
        }
        return new NativeXChaCha20Poly1305(null);
    }

    @Override
    public String codec() {
        return CODEC;
    }

    @Override
    public int keyLength() {
        return KEY_LENGTH;
    }

    @Override
    public int nonceLength() {
        return NONCE_LENGTH;
    }

    @Override
    public int tagLength() {
        return TAG_LENGTH;
    }

    @Override
    public void seal(byte[] key, byte[] nonce, ByteBuffer associatedData, ByteBuffer plaintext, ByteBuffer ciphertext) {
        int length = AeadChecks.beforeSeal(this, key, nonce, plaintext, ciphertext);
        checkAvailable();
        ByteBuffer aad = readable(associatedData);
        ByteBuffer in = readable(plaintext);
        int result = XChaChaNative.seal(key, nonce,
                base(aad), aad != null && aad.isDirect(), offset(aad), aad == null ? 0 : aad.remaining(),
                base(in), in.isDirect(), offset(in), length,
                base(ciphertext), ciphertext.isDirect(), offset(ciphertext));
        if (result != XChaChaNative.OK) {
            throw new IllegalStateException(CODEC + ": native sealing failed (" + describe(result) + ")");
        }
        plaintext.position(plaintext.limit());
        ciphertext.position(ciphertext.position() + length + TAG_LENGTH);
    }

    @Override
    public void open(byte[] key, byte[] nonce, ByteBuffer associatedData, ByteBuffer ciphertext, ByteBuffer plaintext)
            throws AuthenticationException {
        int length = AeadChecks.beforeOpen(this, key, nonce, ciphertext, plaintext);
        checkAvailable();
        ByteBuffer aad = readable(associatedData);
        ByteBuffer in = readable(ciphertext);
        int result = XChaChaNative.open(key, nonce,
                base(aad), aad != null && aad.isDirect(), offset(aad), aad == null ? 0 : aad.remaining(),
                base(in), in.isDirect(), offset(in), length + TAG_LENGTH,
                base(plaintext), plaintext.isDirect(), offset(plaintext));
        if (result == XChaChaNative.AUTHENTICATION_FAILED) {
            throw new AuthenticationException(CODEC + ": authentication failed (wrong key or nonce, or altered data)");
        }
        if (result != XChaChaNative.OK) {
            throw new IllegalStateException(CODEC + ": native opening failed (" + describe(result) + ")");
        }
        ciphertext.position(ciphertext.limit());
        plaintext.position(plaintext.position() + length);
    }

    private void checkAvailable() {
        if (unavailable != null) {
            throw new IllegalStateException(CODEC + ": the native provider is unavailable: " + unavailable);
        }
    }

    /** A buffer the native side can read: direct, or heap with an accessible array. */
    private static ByteBuffer readable(ByteBuffer buffer) {
        if (buffer == null || buffer.isDirect() || buffer.hasArray()) {
            return buffer;
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return ByteBuffer.wrap(copy);
    }

    private static Object base(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        return buffer.isDirect() ? buffer : buffer.array();
    }

    private static int offset(ByteBuffer buffer) {
        if (buffer == null) {
            return 0;
        }
        return buffer.isDirect() ? buffer.position() : buffer.arrayOffset() + buffer.position();
    }

    private static String describe(int result) {
        return switch (result) {
            case XChaChaNative.OPENSSL_FAILED -> "OpenSSL reported an error";
            case XChaChaNative.OUT_OF_MEMORY -> "out of native memory";
            default -> "result " + result;
        };
    }


}
