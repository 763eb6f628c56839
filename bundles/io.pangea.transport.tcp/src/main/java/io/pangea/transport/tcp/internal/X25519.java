package io.pangea.transport.tcp.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on the JDK's {@code XDH} provider, with keys as the raw 32-byte strings Noise sends. A public
 * key is derived as the shared secret with the base point u = 9, which the JDK computes like any other.
 */
final class X25519 {
    static final int KEY_LENGTH = 32;
    private static final BigInteger BASE_POINT = BigInteger.valueOf(9);

    /** A key pair: the raw private scalar (as RFC 7748 takes it, clamped when used) and the public u-coordinate. */
    record KeyPair(byte[] privateKey, byte[] publicKey) {
        KeyPair {
            privateKey = privateKey.clone();
            publicKey = publicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public String toString() {
            return "X25519.KeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
        }
    }

    private X25519() {
    }

    static KeyPair generate(SecureRandom random) {
        byte[] privateKey = new byte[KEY_LENGTH];
        random.nextBytes(privateKey);
        return fromPrivateKey(privateKey);
    }

    /** The key pair of a fixed private key, for test vectors. */
    static KeyPair fromPrivateKey(byte[] privateKey) {
        if (privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 private key has 32 bytes, not " + privateKey.length);
        }
        try {
            return new KeyPair(privateKey, agree(privateKey, BASE_POINT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    /**
     * DH(privateKey, publicKey).
     *
     * @throws GeneralSecurityException if the result is the all-zero value (a low-order public key)
     */
    static byte[] dh(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
        if (publicKey.length != KEY_LENGTH) {
            throw new GeneralSecurityException("an X25519 public key has 32 bytes, not " + publicKey.length);
        }
        return agree(privateKey, decodeU(publicKey));
    }

    private static byte[] agree(byte[] privateKey, BigInteger u) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("XDH");
        PrivateKey ours = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
        PublicKey theirs = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u));
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(ours);
        agreement.doPhase(theirs, true);
        byte[] shared = agreement.generateSecret();
        byte zero = 0;
        for (byte b : shared) {
            zero |= b;
        }
        if (zero == 0) {
            throw new GeneralSecurityException("X25519 produced the all-zero shared secret (low-order public key)");
        }
        return shared;
    }

    /** RFC 7748 decodeUCoordinate: little-endian, the top bit masked. */
    private static BigInteger decodeU(byte[] encoded) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = encoded[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        BigInteger u = new BigInteger(1, bigEndian);
        Arrays.fill(bigEndian, (byte) 0);
        // Non-canonical values (u >= 2^255 - 19) are accepted and reduced, as RFC 7748 asks.
        return u.mod(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19)));
    }
}
