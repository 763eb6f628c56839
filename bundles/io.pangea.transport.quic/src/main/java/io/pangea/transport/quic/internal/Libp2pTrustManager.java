package io.pangea.transport.quic.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.PeerId;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trusts exactly the certificates {@link Libp2pCertificate#verify} accepts, on both sides (the server requires the
 * client's). BoringSSL calls it during the handshake with the connection's engine, which is how it learns which peer
 * a dial expects and how the proven identity reaches the connection once the handshake is done.
 */
final class Libp2pTrustManager extends X509ExtendedTrustManager {
    private final Map<SSLEngine, PeerId> expected = new ConcurrentHashMap<>();
    private final Map<SSLEngine, IdentityKey> proven = new ConcurrentHashMap<>();
    private final Map<SSLEngine, String> rejected = new ConcurrentHashMap<>();

    /** The handshake on {@code engine} must prove {@code peer}, else it is aborted. */
    void expect(SSLEngine engine, PeerId peer) {
        expected.put(engine, peer);
    }

    /** The identity the handshake on {@code engine} proved, once; forgets the engine either way. */
    Optional<IdentityKey> takeProven(SSLEngine engine) {
        expected.remove(engine);
        return Optional.ofNullable(proven.remove(engine));
    }

    /** Why the peer's certificate on {@code engine} was refused, if it was. */
    Optional<String> rejection(SSLEngine engine) {
        return Optional.ofNullable(rejected.get(engine));
    }

    /** Why the peer's certificate on {@code engine} was refused, if it was; forgets the engine. */
    Optional<String> forget(SSLEngine engine) {
        expected.remove(engine);
        proven.remove(engine);
        return Optional.ofNullable(rejected.remove(engine));
    }

    private void check(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
        try {
            IdentityKey key = Libp2pCertificate.verify(chain, Instant.now());
            PeerId wanted = engine == null ? null : expected.get(engine);
            if (wanted != null && !wanted.matches(key)) {
                throw new CertificateException("the peer proved identity " + key.peerId() + ", not the dialed "
                        + wanted);
            }
            if (engine != null) {
                proven.put(engine, key);
            }
        } catch (CertificateException e) {
            if (engine != null) {
                rejected.put(engine, e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
