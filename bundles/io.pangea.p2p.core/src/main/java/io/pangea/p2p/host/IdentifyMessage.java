package io.pangea.p2p.host;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.wire.ProtoReader;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Identify message ({@code /ipfs/id/1.0.0}):
 *
 * <pre>
 *   optional bytes publicKey = 1;        repeated bytes listenAddrs = 2;   repeated string protocols = 3;
 *   optional bytes observedAddr = 4;     optional string protocolVersion = 5;
 *   optional string agentVersion = 6;    optional bytes signedPeerRecord = 8;
 * </pre>
 *
 * Decoding is bounded by the message itself (at most {@value #MAX_LENGTH} bytes, read by a
 * {@link io.pangea.p2p.wire.LengthPrefixedFrameReader}) and by counts of addresses and protocols. Addresses this
 * node cannot parse (protocols it does not know, such as circuit relay or WebRTC) are counted and skipped rather than
 * failing the whole message; the signed peer record is not used.
 */
public record IdentifyMessage(String protocolVersion, String agentVersion, Optional<IdentityKey> publicKey,
                       List<Multiaddr> listenAddrs, Optional<Multiaddr> observedAddr, List<String> protocols,
                       int skippedAddresses) {
    public static final String PROTOCOL = "/ipfs/id/1.0.0";
    public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
    /** The largest message read; js-libp2p sends at most 8 KiB. */
    public static final int MAX_LENGTH = 16 * 1024;
    public static final int MAX_ADDRESSES = 128;
    public static final int MAX_PROTOCOLS = 256;
    private static final int MAX_STRING = 1024;

    public IdentifyMessage {
        listenAddrs = List.copyOf(listenAddrs);
        protocols = List.copyOf(protocols);
    }

    public byte[] encode() {
        ProtoWriter writer = new ProtoWriter();
        publicKey.ifPresent(key -> writer.writeBytes(1, key.encode()));
        listenAddrs.forEach(address -> writer.writeBytes(2, address.bytes()));
        protocols.forEach(protocol -> writer.writeString(3, protocol));
        observedAddr.ifPresent(address -> writer.writeBytes(4, address.bytes()));
        writer.writeString(5, protocolVersion);
        writer.writeString(6, agentVersion);
        return writer.toByteArray();
    }

    /** @throws WireFormatException for a malformed message, key, or too many addresses or protocols */
    public static IdentifyMessage decode(byte[] message) {
        if (message.length > MAX_LENGTH) {
            throw new WireFormatException("identify message of " + message.length + " bytes exceeds the limit of "
                    + MAX_LENGTH);
        }
        String protocolVersion = "";
        String agentVersion = "";
        IdentityKey publicKey = null;
        Multiaddr observed = null;
        List<Multiaddr> addresses = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        int skipped = 0;
        ProtoReader reader = new ProtoReader(message);
        while (reader.next()) {
            switch (reader.field()) {
                case 1 -> publicKey = IdentityKey.decode(reader.readBytes(IdentityKey.MAX_ENCODED_LENGTH));
                case 2 -> {
                    if (addresses.size() + skipped >= MAX_ADDRESSES) {
                        throw new WireFormatException("identify message lists more than " + MAX_ADDRESSES
                                + " listen addresses");
                    }
                    Optional<Multiaddr> address = lenientAddress(reader.readBytes(Multiaddr.MAX_ENCODED_LENGTH));
                    if (address.isPresent()) {
                        addresses.add(address.get());
                    } else {
                        skipped++;
                    }
                }
                case 3 -> {
                    if (protocols.size() >= MAX_PROTOCOLS) {
                        throw new WireFormatException("identify message lists more than " + MAX_PROTOCOLS
                                + " protocols");
                    }
                    protocols.add(boundedString(reader));
                }
                case 4 -> observed = lenientAddress(reader.readBytes(Multiaddr.MAX_ENCODED_LENGTH)).orElse(null);
                case 5 -> protocolVersion = boundedString(reader);
                case 6 -> agentVersion = boundedString(reader);
                default -> {
                    // signedPeerRecord (8) and unknown fields are skipped
                }
            }
        }
        return new IdentifyMessage(protocolVersion, agentVersion, Optional.ofNullable(publicKey), addresses,
                Optional.ofNullable(observed), protocols, skipped);
    }

    private static String boundedString(ProtoReader reader) {
        String value = reader.readString();
        if (value.length() > MAX_STRING) {
            throw new WireFormatException("identify field " + reader.field() + " is longer than " + MAX_STRING
                    + " characters");
        }
        return value;
    }

    private static Optional<Multiaddr> lenientAddress(byte[] bytes) {
        try {
            return Optional.of(Multiaddr.decode(bytes));
        } catch (WireFormatException e) {
            return Optional.empty();
        }
    }
}
