package io.pangea.cipher.xchacha.tink.internal;

import io.pangea.api.cipher.AeadChecks;

import com.google.crypto.tink.aead.internal.InsecureNonceXChaCha20Poly1305;
import io.pangea.api.PangeaProvider;
import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;
import org.osgi.service.component.annotations.Component;

import javax.crypto.AEADBadTagException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * XChaCha20-Poly1305 in pure Java: Tink's primitive that takes the 24-byte nonce from the caller, because the node
 * draws and records its nonces itself (Tink's {@code Aead} would prepend its own). Runs on any JVM, so it is the
 * fallback of the native provider of the same codec, byte for byte. The associated data is read, not consumed.
 */
@Component(property = "service.ranking:Integer=50")
@PangeaProvider(capability = "cipher", provider = "xchacha20-poly1305-java", codec = TinkXChaCha20Poly1305.CODEC)
public class TinkXChaCha20Poly1305 implements Aead {
    static final String CODEC = "xchacha20-poly1305";
    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 24;
    private static final int TAG_LENGTH = 16;
    private static final byte[] NONE = new byte[0];

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
        byte[] message = copy(plaintext);
        int start = ciphertext.position();
        // Tink's Poly1305 covers everything from the output's position to its limit: hand it exactly the range.
        ByteBuffer output = ciphertext.duplicate();
        output.limit(start + length + TAG_LENGTH);
        try {
            primitive(key).encrypt(output, nonce, message, copy(associatedData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(CODEC + ": Tink failed to seal: " + e.getMessage(), e);
        }
        plaintext.position(plaintext.limit());
        ciphertext.position(start + length + TAG_LENGTH);
    }

    @Override
    public void open(byte[] key, byte[] nonce, ByteBuffer associatedData, ByteBuffer ciphertext, ByteBuffer plaintext)
            throws AuthenticationException {
        int length = AeadChecks.beforeOpen(this, key, nonce, ciphertext, plaintext);
        byte[] message;
        try {
            // Tink verifies the tag before it decrypts, and only then returns the plaintext.
            message = primitive(key).decrypt(ciphertext.duplicate(), nonce, copy(associatedData));
        } catch (AEADBadTagException e) {
            throw new AuthenticationException(CODEC + ": authentication failed (wrong key or nonce, or altered data)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(CODEC + ": Tink failed to open: " + e.getMessage(), e);
        }
        plaintext.put(message);
        Arrays.fill(message, (byte) 0);
        ciphertext.position(ciphertext.limit());
    }

    private static InsecureNonceXChaCha20Poly1305 primitive(byte[] key) {
        try {
            return new InsecureNonceXChaCha20Poly1305(key);
        } catch (GeneralSecurityException e) {
            // Tink refuses ChaCha20 in FIPS-only mode.
            throw new IllegalStateException(CODEC + ": Tink refused the key: " + e.getMessage(), e);
        }
    }

    /** Tink takes arrays of exactly the message; a heap buffer's backing array is rarely that. */
    private static byte[] copy(ByteBuffer buffer) {
        if (buffer == null) {
            return NONE;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }


}
