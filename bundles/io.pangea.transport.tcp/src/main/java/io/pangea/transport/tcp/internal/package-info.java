/**
 * The TCP transport: libp2p connections over TCP on Netty, written from the libp2p specifications.
 *
 * <p>A connection is upgraded in stages, each a small Netty handler, and {@link
 * io.pangea.transport.tcp.internal.ConnectionUpgrader} assembles the pipeline as each stage completes:
 * multistream-select agrees on {@code /noise}; {@link io.pangea.transport.tcp.internal.NoiseHandshakeHandler} runs
 * {@code Noise_XX_25519_ChaChaPoly_SHA256} ({@link io.pangea.transport.tcp.internal.NoiseXxHandshake}, JDK X25519,
 * ChaCha20-Poly1305 and HMAC-SHA256 only) with the libp2p payload that binds the Noise key to the peer's Ed25519
 * identity ({@link io.pangea.transport.tcp.internal.NoisePayload}), then {@link
 * io.pangea.transport.tcp.internal.NoiseTransportHandler} encrypts 2-byte length-prefixed frames; multistream-select
 * agrees on {@code /yamux/1.0.0}; {@link io.pangea.transport.tcp.internal.YamuxSession} multiplexes streams with
 * per-stream flow control ({@link io.pangea.transport.tcp.internal.YamuxStream}). Each stream negotiates its own
 * protocol ({@link io.pangea.transport.tcp.internal.StreamNegotiation}); Identify and Ping are served by the
 * transport itself, everything else by {@link io.pangea.api.transport.ProtocolHandler} whiteboard services.
 *
 * <p>Threads: each connection lives on one Netty event loop and all its state is confined there; the
 * {@link io.pangea.api.transport.PeerStream} methods hop onto it, and their futures complete on a separate callback
 * pool, where protocol handlers also run, so that slow consumers cannot stall I/O.
 *
 * <p>Bad input: every decoder judges lengths before it allocates (the 2-byte Noise frame, the Yamux frame against
 * the receive window, protobuf and multistream messages against their limits), every violation ends the stream or
 * connection concerned through {@link io.pangea.transport.tcp.internal.ConnectionFailureHandler} with one log line,
 * and other connections go on.
 *
 * <p>Netty types stay in this package: the {@link io.pangea.api.transport} API the component registers has none.
 */
package io.pangea.transport.tcp.internal;
