package io.pangea.transport.quic.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.pangea.transport.quic.internal.Nodes.await;
import static io.pangea.transport.quic.internal.Nodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The libp2p TLS certificate: what {@link Libp2pCertificate#verify} accepts, and refusals over real handshakes. */
class Libp2pCertificateTest {
    private final SecureRandom random = new SecureRandom();
    private final NodeIdentity identity = NodeIdentity.generate();

    /** A certificate whose extension is signed by {@code signer} but names {@code claimed}. */
    private Libp2pCertificate forged(NodeIdentity claimed, NodeIdentity signer) throws Exception {
        KeyPair pair = Libp2pCertificate.newCertificateKey(random);
        byte[] signature = signer.sign(Libp2pCertificate.handshakeMessage(pair.getPublic().getEncoded()));
        return Libp2pCertificate.build(pair, Optional.of(Libp2pCertificate.signedKey(claimed.publicKey(), signature)),
                random);
    }

    @Test
    void aFreshCertificateProvesItsIdentity() throws Exception {
        Libp2pCertificate certificate = Libp2pCertificate.create(identity, random);
        IdentityKey proven = Libp2pCertificate.verify(new X509Certificate[] {certificate.certificate()},
                Instant.now());
        assertThat(proven.peerId()).isEqualTo(identity.peerId());
        X509Certificate x509 = certificate.certificate();
        assertThat(x509.getVersion()).isEqualTo(3);
        assertThat(x509.getCriticalExtensionOIDs()).containsExactly(Libp2pCertificate.EXTENSION_OID);
        assertThat(x509.getNotBefore().toInstant()).isBefore(Instant.now());
        assertThat(x509.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(365L * 99)));
    }

    @Test
    void refusesACertificateWithoutTheExtension() throws Exception {
        Libp2pCertificate bare = Libp2pCertificate.build(Libp2pCertificate.newCertificateKey(random), Optional.empty(),
                random);
        assertThatThrownBy(() -> Libp2pCertificate.verify(new X509Certificate[] {bare.certificate()}, Instant.now()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("lacks the libp2p extension");
    }

    @Test
    void refusesAnExtensionSignedByAnotherKey() throws Exception {
        Libp2pCertificate forged = forged(identity, NodeIdentity.generate());
        assertThatThrownBy(() -> Libp2pCertificate.verify(new X509Certificate[] {forged.certificate()},
                Instant.now())).isInstanceOf(CertificateException.class).hasMessageContaining("signature");
    }

    @Test
    void refusesTwoCertificatesAndExpiredOnes() throws Exception {
        X509Certificate one = Libp2pCertificate.create(identity, random).certificate();
        assertThatThrownBy(() -> Libp2pCertificate.verify(new X509Certificate[] {one, one}, Instant.now()))
                .hasMessageContaining("exactly one certificate, got 2");
        assertThatThrownBy(() -> Libp2pCertificate.verify(new X509Certificate[] {one},
                Instant.now().minus(Duration.ofDays(1)))).isInstanceOf(CertificateException.class);
    }

    @Test
    void refusesGarbageInTheExtensionWithoutAllocatingFromItsLengths() throws Exception {
        KeyPair pair = Libp2pCertificate.newCertificateKey(random);
        // a SEQUENCE claiming 2 GiB of content
        byte[] lying = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x04, 0x00};
        Libp2pCertificate bad = Libp2pCertificate.build(pair, Optional.of(lying), random);
        assertThatThrownBy(() -> Libp2pCertificate.verify(new X509Certificate[] {bad.certificate()}, Instant.now()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("runs past");
    }

    /** A node presenting {@code key} with {@code chain} instead of its own certificate. */
    private static Nodes.Node presenting(String name, NodeIdentity identity, java.security.PrivateKey key,
                                         X509Certificate... chain) throws IOException {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        QuicLog log = (level, message) -> {
            lines.add(level + " " + message);
            System.out.println("[" + name + "] " + level + " " + message);
        };
        io.pangea.p2p.host.ProtocolRegistry registry = new io.pangea.p2p.host.ProtocolRegistry();
        // A client whose certificate is refused learns it by its handshake deadline (see the report): keep it short.
        QuicSettings settings = QuicSettings.defaults().withHandshakeTimeout(Duration.ofSeconds(2));
        QuicHost host = new QuicHost(identity, settings, registry, log, Map.entry(key, chain));
        io.pangea.p2p.Multiaddr address = host.listen(io.pangea.p2p.Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"));
        return new Nodes.Node(host, identity, registry, address, lines);
    }

    @Test
    void handshakesWithBrokenCertificatesAreRefusedOverTheWire() throws Exception {
        NodeIdentity liar = NodeIdentity.generate();
        Libp2pCertificate bare = Libp2pCertificate.build(Libp2pCertificate.newCertificateKey(random), Optional.empty(),
                random);
        Libp2pCertificate forged = forged(liar, NodeIdentity.generate());
        Libp2pCertificate good = Libp2pCertificate.create(liar, random);
        try (Nodes.Node server = Nodes.start("server");
             Nodes.Node noExtension = presenting("bare", liar, bare.key(), bare.certificate());
             Nodes.Node badSignature = presenting("forged", liar, forged.key(), forged.certificate());
             Nodes.Node twoCertificates = presenting("two", liar, good.key(), good.certificate(),
                     Libp2pCertificate.create(liar, random).certificate())) {
            // as clients: the server requires the client's certificate and refuses each
            for (Nodes.Node client : List.of(noExtension, badSignature, twoCertificates)) {
                assertThatThrownBy(() -> await(client.host().dial(server.dialable()))).hasMessageContaining(
                        "cannot dial");
            }
            assertThat(eventually(() -> server.logged("lacks the libp2p extension"))).isTrue();
            assertThat(eventually(() -> server.logged("signature does not match"))).isTrue();
            assertThat(eventually(() -> server.logged("exactly one certificate, got 2"))).isTrue();
            assertThat(eventually(() -> server.host().connections().isEmpty())).isTrue();
            // as servers: the dialer refuses them and says why
            assertThatThrownBy(() -> await(server.host().dial(noExtension.address())))
                    .hasMessageContaining("lacks the libp2p extension");
            assertThatThrownBy(() -> await(server.host().dial(badSignature.address())))
                    .hasMessageContaining("signature does not match");
            // the server keeps serving others
            try (Nodes.Node honest = Nodes.start("honest")) {
                assertThat(await(honest.host().dial(server.dialable())).remotePeer())
                        .isEqualTo(server.identity().peerId().toBase58());
            }
        }
    }
}
