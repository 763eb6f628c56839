package io.pangea.transport.tcp.internal;

import io.pangea.p2p.wire.WireFormatException;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code CipherState} for ChaChaPoly: a key and a 64-bit counter nonce, encoded as the 96-bit ChaCha20
 * nonce {@code 00000000 || little-endian counter}. The JDK's {@code ChaCha20-Poly1305} does the AEAD. Without a key
 * (before the first MixKey) it passes data through, as the specification says.
 *
 * <p>Not thread-safe: each direction of a connection has its own state.
 */
final class NoiseCipherState {
    static final int TAG_LENGTH = 16;
    private static final int NONCE_LENGTH = 12;
    /** 2^64 - 1 is reserved; a counter reaching it ends the session. */
    private static final long MAX_NONCE = -1L;

    private SecretKeySpec key;
    private long nonce;
    private Cipher cipher;

    NoiseCipherState() {
    }

    NoiseCipherState(byte[] key) {
        initializeKey(key);
    }

    void initializeKey(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "ChaCha20");
        this.nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    long nonce() {
        return nonce;
    }

    /** Encrypts {@code plaintext} into {@code out} at {@code outOffset}; returns the ciphertext length. */
    int encryptWithAd(byte[] ad, byte[] plaintext, int offset, int length, byte[] out, int outOffset) {
        if (!hasKey()) {
            System.arraycopy(plaintext, offset, out, outOffset, length);
            return length;
        }
        try {
            Cipher c = init(Cipher.ENCRYPT_MODE, ad);
            return c.doFinal(plaintext, offset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + (hasKey() ? TAG_LENGTH : 0)];
        encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Decrypts and authenticates; returns the plaintext length written to {@code out}.
     *
     * @throws WireFormatException if the ciphertext is shorter than a tag or does not authenticate
     */
    int decryptWithAd(byte[] ad, byte[] ciphertext, int offset, int length, byte[] out, int outOffset) {
        if (!hasKey()) {
            System.arraycopy(ciphertext, offset, out, outOffset, length);
            return length;
        }
        if (length < TAG_LENGTH) {
            throw new WireFormatException("Noise ciphertext of " + length + " bytes is shorter than its "
                    + TAG_LENGTH + "-byte tag");
        }
        try {
            Cipher c = init(Cipher.DECRYPT_MODE, ad);
            return c.doFinal(ciphertext, offset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            // The session is over: the caller closes the connection, so the nonce need not be restored.
            throw new WireFormatException("Noise message does not authenticate (wrong key, tampered or replayed)");
        } catch (GeneralSecurityException e) {
            throw new WireFormatException("Noise decryption failed: " + e.getMessage(), e);
        }
    }

    byte[] decryptWithAd(byte[] ad, byte[] ciphertext) {
        int plainLength = hasKey() ? ciphertext.length - TAG_LENGTH : ciphertext.length;
        if (plainLength < 0) {
            throw new WireFormatException("Noise ciphertext of " + ciphertext.length + " bytes is shorter than its "
                    + TAG_LENGTH + "-byte tag");
        }
        byte[] out = new byte[plainLength];
        decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    private Cipher init(int mode, byte[] ad) throws GeneralSecurityException {
        if (nonce == MAX_NONCE) {
            throw new GeneralSecurityException("Noise nonce exhausted");
        }
        byte[] iv = new byte[NONCE_LENGTH];
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            iv[4 + i] = (byte) (n >>> (8 * i));
        }
        if (cipher == null) {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
        }
        cipher.init(mode, key, new IvParameterSpec(iv));
        if (ad != null && ad.length > 0) {
            cipher.updateAAD(ad);
        }
        return cipher;
    }

    /** Forgets the key. */
    void destroy() {
        key = null;
        cipher = null;
        nonce = 0;
    }

    @Override
    public String toString() {
        return "NoiseCipherState[" + (hasKey() ? "keyed, n=" + Long.toUnsignedString(nonce) : "empty") + "]";
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
