/**
 * The QUIC transport: libp2p over QUIC v1 on Netty QUIC (quiche and BoringSSL), written from the libp2p
 * specifications.
 *
 * <p>Security is the libp2p TLS handshake, not Noise: each side presents a self-signed certificate for a throwaway
 * ECDSA key with the critical extension in which the node's Ed25519 identity signs that key
 * ({@link io.pangea.transport.quic.internal.Libp2pCertificate}, built with a small DER writer,
 * {@link io.pangea.transport.quic.internal.Der}); {@link io.pangea.transport.quic.internal.Libp2pTrustManager} is the
 * whole of the trust, on both sides, and aborts a dial whose {@code /p2p} id the peer does not prove. ALPN is
 * {@code libp2p}. QUIC itself multiplexes: one libp2p stream is one bidirectional QUIC stream
 * ({@link io.pangea.transport.quic.internal.QuicPeerStream}) whose protocol multistream-select negotiates
 * ({@link io.pangea.transport.quic.internal.Negotiation}); no Yamux. Identify and Ping are served by the transport
 * itself; everything else by {@link io.pangea.api.transport.ProtocolHandler} whiteboard services. The protocol table,
 * Identify message and ping window are shared with the TCP transport through {@code io.pangea.p2p.host}.
 *
 * <p>Threads: each QUIC connection and its streams live on one Netty event loop (epoll when available); futures
 * complete, and protocol handlers run, on the host's callback threads.
 *
 * <p>Bad input: a {@link io.pangea.transport.quic.internal.GuardFilter} drops datagrams from sources the node's guard
 * refuses before the codec parses them; certificates are checked before anything else of the peer's is believed;
 * stream reads are bounded ({@link io.pangea.transport.quic.internal.Intake}) and judged before allocation; a bad
 * stream is reset alone, with one log line.
 *
 * <p>Netty types stay in this package: the {@link io.pangea.api.transport} API the component registers has none.
 */
package io.pangea.transport.quic.internal;
