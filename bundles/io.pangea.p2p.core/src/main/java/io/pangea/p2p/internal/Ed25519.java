package io.pangea.p2p.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 on the JDK's own EdDSA provider (Java 15+), converting between its key objects and the raw encodings
 * libp2p uses: the 32-byte seed (RFC 8032 private key) and the 32-byte compressed public point.
 */
public final class Ed25519 {
    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    /** The DER of an RFC 8410 SubjectPublicKeyInfo up to the 32 key bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /** The DER of an RFC 8410 (PKCS#8 v1) OneAsymmetricKey up to the 32 seed bytes. */
    public static final byte[] PKCS8_PREFIX = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
            0x04, 0x22, 0x04, 0x20};

    private Ed25519() {
    }

    public static byte[] generateSeed(SecureRandom random) {
        byte[] seed = new byte[KEY_LENGTH];
        random.nextBytes(seed);
        return seed;
    }

    public static PrivateKey privateKey(byte[] seed) {
        requireLength(seed, "seed");
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JDK", e);
        }
    }

    /**
     * The public key of {@code seed}. The JDK (17) derives a public key only while generating a key pair, so this
     * generates one from a random source that yields exactly the seed, then checks the seed was used.
     */
    public static byte[] publicKeyOf(byte[] seed) {
        requireLength(seed, "seed");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] used = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            boolean same = Arrays.equals(used, seed);
            Arrays.fill(used, (byte) 0);
            if (!same) {
                throw new IllegalStateException("the JDK's Ed25519 key generator did not take the seed as given");
            }
            return rawPublicKey(pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is unavailable in this JDK", e);
        }
    }

    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalStateException("unexpected Ed25519 public key encoding");
        }
        return Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        requireLength(raw, "public key");
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_LENGTH);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is valid; false as well for a malformed key or signature. */
    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
        if (rawPublicKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(rawPublicKey));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void requireLength(byte[] key, String what) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("Ed25519 " + what + " must be " + KEY_LENGTH + " bytes, not "
                    + key.length);
        }
    }

    /** A "random" source that produces the given seed once. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        SeedRandom(byte[] seed) {
            super(new SeedSpi(seed), null);
        }
    }

    private static final class SeedSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedSpi(byte[] seed) {
            this.seed = seed;
        }

        @Override
        protected void engineSetSeed(byte[] ignored) {
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("the Ed25519 key generator asked for unexpected random bytes");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new IllegalStateException("the Ed25519 key generator asked for unexpected random bytes");
        }
    }
}
