package io.pangea.transport.tcp.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise {@code SymmetricState} for SHA-256: the chaining key {@code ck}, the handshake hash {@code h} and the
 * {@link NoiseCipherState} keyed by MixKey. HKDF is the Noise one (section 4.3): HMAC-SHA256 chained with the
 * counters 0x01 and 0x02, no info string.
 */
final class NoiseSymmetricState {
    static final int HASH_LENGTH = 32;

    private byte[] chainingKey;
    private byte[] hash;
    private final NoiseCipherState cipher = new NoiseCipherState();

    NoiseSymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
        chainingKey = hash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(chainingKey, inputKeyMaterial);
        chainingKey = out[0];
        cipher.initializeKey(out[1]);
    }

    void mixHash(byte[] data) {
        hash = sha256(hash, data);
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** @throws io.pangea.p2p.wire.WireFormatException if the ciphertext does not authenticate */
    byte[] decryptAndHash(byte[] ciphertext) {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    /** The two transport cipher states: initiator-to-responder first. */
    NoiseCipherState[] split() {
        byte[][] keys = hkdf(chainingKey, new byte[0]);
        NoiseCipherState[] states = {new NoiseCipherState(keys[0]), new NoiseCipherState(keys[1])};
        Arrays.fill(keys[0], (byte) 0);
        Arrays.fill(keys[1], (byte) 0);
        Arrays.fill(chainingKey, (byte) 0);
        cipher.destroy();
        return states;
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] output1 = hmac(tempKey, new byte[] {1});
        byte[] output2 = hmac(tempKey, NoiseCipherState.concat(output1, new byte[] {2}));
        Arrays.fill(tempKey, (byte) 0);
        return new byte[][] {output1, output2};
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty key is legal in HMAC but not for SecretKeySpec; Noise never uses one (ck is 32 bytes).
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
