/**
 * The wire codecs of the libp2p stack, pure and bounded, with no I/O: the transports (TCP, QUIC on Netty) and the
 * protocols (Noise, Yamux, Identify, Kademlia, Pangea's own) build on them.
 *
 * <ul>
 *   <li>{@link io.pangea.p2p.wire.Varint}: multiformats unsigned varints (63 bits, minimal).</li>
 *   <li>{@link io.pangea.p2p.wire.Base58}, {@link io.pangea.p2p.wire.Base32}: the text encodings of peer ids and
 *       CIDs.</li>
 *   <li>{@link io.pangea.p2p.wire.ProtoWriter}, {@link io.pangea.p2p.wire.ProtoReader}: hand-written protobuf
 *       messages, with no protobuf library.</li>
 *   <li>{@link io.pangea.p2p.wire.LengthPrefixedFrameReader}: reassembles varint-length-prefixed messages from
 *       pieces, checking the length before allocating.</li>
 *   <li>{@link io.pangea.p2p.wire.MultistreamSelect}: protocol negotiation as a state machine.</li>
 * </ul>
 *
 * Every decoder reports bad input with {@link io.pangea.p2p.wire.WireFormatException} only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.p2p.wire;
