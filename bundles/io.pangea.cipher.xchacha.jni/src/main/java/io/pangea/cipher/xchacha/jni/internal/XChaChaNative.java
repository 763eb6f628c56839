package io.pangea.cipher.xchacha.jni.internal;

import java.util.Optional;

/**
 * The JNI binding of {@code libpangea_xchacha.so} (src/main/c): HChaCha20 written there, ChaCha20-Poly1305 from
 * OpenSSL libcrypto. Buffers are passed as a direct {@code ByteBuffer} or a {@code byte[]}, with the offset of the
 * first byte; key and nonce lengths are checked by the caller.
 */
final class XChaChaNative {
    static final String LIBRARY = "pangea_xchacha";

    static final int OK = 0;
    static final int AUTHENTICATION_FAILED = 1;
    static final int OPENSSL_FAILED = 2;
    static final int OUT_OF_MEMORY = 3;

    private XChaChaNative() {
    }

    /**
     * Loads the library (from the bundle's {@code Bundle-NativeCode}, or {@code java.library.path} in tests).
     *
     * @return why the native provider cannot work here, or empty when it can
     */
    static Optional<String> load() {
        try {
            System.loadLibrary(LIBRARY);
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return Optional.of("native library lib" + LIBRARY + ".so did not load: " + e.getMessage());
        }
        String error = loadError();
        return error == null ? Optional.empty()
                : Optional.of("native library lib" + LIBRARY + ".so loaded, but " + error + " (" + openSslVersion() + ")");
    }

    /** What went wrong when the library initialised itself, or null. */
    static native String loadError();

    static native String openSslVersion();

    /** Seals {@code inLength} bytes into {@code inLength + 16} bytes at {@code out}; returns a result code. */
    static native int seal(byte[] key, byte[] nonce,
                           Object aad, boolean aadDirect, int aadOffset, int aadLength,
                           Object in, boolean inDirect, int inOffset, int inLength,
                           Object out, boolean outDirect, int outOffset);

    /**
     * Opens {@code inLength} bytes (ciphertext and tag) into {@code inLength - 16} bytes at {@code out}; returns a
     * result code. On {@link #AUTHENTICATION_FAILED} the output range has been zeroed.
     */
    static native int open(byte[] key, byte[] nonce,
                           Object aad, boolean aadDirect, int aadOffset, int aadLength,
                           Object in, boolean inDirect, int inOffset, int inLength,
                           Object out, boolean outDirect, int outOffset);

    /** HChaCha20 of a 32-byte key and a 16-byte nonce; exposed for the known-answer test. */
    static native byte[] hChaCha20(byte[] key, byte[] nonce);
}
