/**
 * The libp2p identities and addresses of a Pangea node, independent of any transport.
 *
 * <p>{@link io.pangea.p2p.NodeIdentity} is this node's Ed25519 key pair, kept in the data directory;
 * {@link io.pangea.p2p.IdentityKey} is any peer's public key in libp2p's protobuf encoding and
 * {@link io.pangea.p2p.PeerId} the id derived from it. {@link io.pangea.p2p.Multiaddr} says where a peer listens
 * (TCP, QUIC v1, DNS, with a {@code /p2p} suffix); {@link io.pangea.p2p.Cid} and {@link io.pangea.p2p.Multihash} name
 * content, as the DHT and the shell do. All are immutable values with equality by their binary form, and every
 * decoder throws {@link io.pangea.p2p.wire.WireFormatException} for bad input.
 *
 * <p>The codecs they are built from, and that the transports and protocols reuse (varint, base58/base32, protobuf,
 * length-prefixed frames, multistream-select), are in {@link io.pangea.p2p.wire}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.p2p;
