package io.pangea.cipher.aesgcm.internal;

import io.pangea.api.cipher.AeadChecks;

import io.pangea.api.PangeaProvider;
import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;
import org.osgi.service.component.annotations.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;

/**
 * AES-256-GCM through the JDK's JCE, which uses the AES-NI and carry-less multiply intrinsics where the CPU
 * has them (hence {@code cpu.aes}). 12-byte nonce, 16-byte tag. The associated data is read, not consumed.
 */
@Component(property = "service.ranking:Integer=80")
@PangeaProvider(capability = "cipher", provider = "aes-256-gcm", codec = JceAesGcm.CODEC, requires = "cpu.aes")
public class JceAesGcm implements Aead {
    static final String CODEC = "aes-256-gcm";
    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    /** Cipher objects are not thread safe and costly to look up; one per thread. */
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(JceAesGcm::newCipher);

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
        try {
            Cipher cipher = init(Cipher.ENCRYPT_MODE, key, nonce, associatedData);
            cipher.doFinal(plaintext, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(CODEC + ": the JCE failed to seal: " + e.getMessage(), e);
        }
    }

    @Override
    public void open(byte[] key, byte[] nonce, ByteBuffer associatedData, ByteBuffer ciphertext, ByteBuffer plaintext)
            throws AuthenticationException {
        int length = AeadChecks.beforeOpen(this, key, nonce, ciphertext, plaintext);
        int ciphertextStart = ciphertext.position();
        int plaintextStart = plaintext.position();
        try {
            Cipher cipher = init(Cipher.DECRYPT_MODE, key, nonce, associatedData);
            cipher.doFinal(ciphertext, plaintext);
        } catch (AEADBadTagException e) {
            // The JCE verifies before it writes; clearing the range anyway keeps the contract independent of that.
            ciphertext.position(ciphertextStart);
            clear(plaintext, plaintextStart, length);
            throw new AuthenticationException(CODEC + ": authentication failed (wrong key or nonce, or altered data)");
        } catch (GeneralSecurityException e) {
            ciphertext.position(ciphertextStart);
            clear(plaintext, plaintextStart, length);
            throw new IllegalStateException(CODEC + ": the JCE failed to open: " + e.getMessage(), e);
        }
    }

    private Cipher init(int mode, byte[] key, byte[] nonce, ByteBuffer associatedData) throws GeneralSecurityException {
        SecretKeySpec keySpec = new SecretKeySpec(key, "AES");
        GCMParameterSpec parameters = new GCMParameterSpec(TAG_LENGTH * 8, nonce);
        Cipher cipher = ciphers.get();
        try {
            cipher.init(mode, keySpec, parameters);
        } catch (InvalidAlgorithmParameterException e) {
            // The JCE refuses to encrypt twice with the key and nonce its Cipher object last used, a guard
            // against nonce reuse that the caller owns here (for example sealing the same message again).
            // A fresh object has no memory of it.
            cipher = newCipher();
            cipher.init(mode, keySpec, parameters);
            ciphers.set(cipher);
        }
        if (associatedData != null) {
            cipher.updateAAD(associatedData.duplicate());
        }
        return cipher;
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(CODEC + ": the JDK offers no " + TRANSFORMATION + ": " + e.getMessage(), e);
        }
    }



    private static void clear(ByteBuffer buffer, int from, int length) {
        if (buffer.hasArray()) {
            int start = buffer.arrayOffset() + from;
            Arrays.fill(buffer.array(), start, start + length, (byte) 0);
        } else {
            for (int i = 0; i < length; i++) {
                buffer.put(from + i, (byte) 0);
            }
        }
        buffer.position(from);
    }
}
