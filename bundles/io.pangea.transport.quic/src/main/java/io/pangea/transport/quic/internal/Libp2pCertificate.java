package io.pangea.transport.quic.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.wire.WireFormatException;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * The certificate of the libp2p TLS handshake (libp2p specs, {@code tls/tls.md}): self-signed, for a throwaway
 * ECDSA P-256 key, carrying the critical extension {@value #EXTENSION_OID} = {@code SignedKey { publicKey, signature }}
 * in which the node's Ed25519 identity signs {@value #SIGNATURE_PREFIX} followed by the certificate's
 * SubjectPublicKeyInfo. The TLS key proves possession of the certificate key, the extension ties that key to the peer
 * id — so no certificate authority is involved, and {@link #verify} is all the trust there is.
 *
 * @param key         the certificate's private key, which signs the TLS handshake
 * @param certificate the certificate to present
 */
record Libp2pCertificate(PrivateKey key, X509Certificate certificate) {
    static final String EXTENSION_OID = "1.3.6.1.4.1.53594.1.1";
    static final String SIGNATURE_PREFIX = "libp2p-tls-handshake:";
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    /** Backdated so a peer whose clock runs a little behind still finds the certificate valid. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Duration LIFETIME = Duration.ofDays(365L * 100);

    /** A fresh certificate key and certificate for {@code identity}. */
    static Libp2pCertificate create(NodeIdentity identity, SecureRandom random) throws GeneralSecurityException {
        KeyPair pair = newCertificateKey(random);
        byte[] spki = pair.getPublic().getEncoded();
        return build(pair, Optional.of(signedKey(identity.publicKey(), identity.sign(handshakeMessage(spki)))),
                random);
    }

    /**
     * A certificate for {@code pair} with the given extension value (a DER {@code SignedKey}), or none. Tests build
     * broken certificates with it; {@link #create} builds the right one.
     */
    static Libp2pCertificate build(KeyPair pair, Optional<byte[]> extension, SecureRandom random)
            throws GeneralSecurityException {
        Instant now = Instant.now();
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8("libp2p"))));
        byte[] validity = Der.sequence(Der.time(now.minus(BACKDATE).atZone(ZoneOffset.UTC)),
                Der.time(now.plus(LIFETIME).atZone(ZoneOffset.UTC)));
        byte[] serial = Der.integer(new BigInteger(64, random).add(BigInteger.ONE));
        byte[] extensions = extension
                .map(value -> Der.explicit(3, Der.sequence(Der.sequence(Der.oid(EXTENSION_OID), Der.bool(true),
                        Der.octetString(value)))))
                .orElse(new byte[0]);
        byte[] tbs = Der.sequence(Der.explicit(0, Der.integer(BigInteger.TWO)), serial, algorithm, name, validity, name,
                pair.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate(), random);
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        return new Libp2pCertificate(pair.getPrivate(), certificate);
    }

    static KeyPair newCertificateKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** {@code SignedKey ::= SEQUENCE { publicKey OCTET STRING, signature OCTET STRING }}. */
    static byte[] signedKey(IdentityKey key, byte[] signature) {
        return Der.sequence(Der.octetString(key.encode()), Der.octetString(signature));
    }

    /** What the identity key signs: the prefix, then the certificate key's SubjectPublicKeyInfo. */
    static byte[] handshakeMessage(byte[] subjectPublicKeyInfo) {
        return Der.concat(SIGNATURE_PREFIX.getBytes(StandardCharsets.US_ASCII), subjectPublicKeyInfo);
    }

    /**
     * Checks a peer's certificate chain as the spec asks and returns the identity it proves: exactly one
     * certificate, valid now, correctly self-signed, no critical extension but the libp2p one, which must be there
     * and whose key must have signed the certificate's key.
     *
     * @throws CertificateException saying which check failed
     */
    static IdentityKey verify(X509Certificate[] chain, Instant now) throws CertificateException {
        if (chain == null || chain.length != 1) {
            throw new CertificateException("expected exactly one certificate, got "
                    + (chain == null ? 0 : chain.length));
        }
        X509Certificate certificate = chain[0];
        certificate.checkValidity(Date.from(now));
        try {
            certificate.verify(certificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the certificate's self-signature is invalid: " + e.getMessage(), e);
        }
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        if (critical != null && critical.stream().anyMatch(oid -> !oid.equals(EXTENSION_OID))) {
            throw new CertificateException("the certificate has critical extensions this node does not understand: "
                    + critical);
        }
        byte[] wrapped = certificate.getExtensionValue(EXTENSION_OID);
        if (wrapped == null) {
            throw new CertificateException("the certificate lacks the libp2p extension " + EXTENSION_OID);
        }
        Der.Reader signedKey = new Der.Reader(new Der.Reader(wrapped).content(Der.OCTET_STRING)).enter(Der.SEQUENCE);
        byte[] encodedKey = signedKey.content(Der.OCTET_STRING);
        byte[] signature = signedKey.content(Der.OCTET_STRING);
        IdentityKey key;
        try {
            key = IdentityKey.decode(encodedKey);
        } catch (WireFormatException e) {
            throw new CertificateException("the libp2p extension holds no valid public key: " + e.getMessage(), e);
        }
        if (!key.verify(handshakeMessage(subjectPublicKeyInfo(certificate)), signature)) {
            throw new CertificateException("the libp2p extension's signature does not match the certificate key "
                    + "(claimed peer " + key.peerId() + ")");
        }
        return key;
    }

    /** The SubjectPublicKeyInfo exactly as the certificate carries it (the 7th field of the TBSCertificate). */
    private static byte[] subjectPublicKeyInfo(X509Certificate certificate) throws CertificateException {
        Der.Reader tbs = new Der.Reader(certificate.getTBSCertificate()).enter(Der.SEQUENCE);
        if (tbs.peekTag() == 0xa0) {
            tbs.skip(); // version
        }
        for (int field = 0; field < 5; field++) {
            tbs.skip(); // serial, signature algorithm, issuer, validity, subject
        }
        return tbs.raw();
    }
}
