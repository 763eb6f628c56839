package io.pangea.p2p;

import io.pangea.p2p.internal.Ed25519;
import io.pangea.p2p.wire.ProtoReader;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A peer's public key in libp2p's encoding: the {@code PublicKey} protobuf (field 1 {@code KeyType}, field 2 the key
 * bytes), which is what Noise and Identify carry and what a peer id is derived from.
 *
 * <p>Any key type decodes (a peer id can be computed for all of them); only Ed25519 keys {@link #verify verify}
 * signatures, as Ed25519 is the only type libp2p requires. Decoding is strict, as the peer-ids specification asks of a
 * deterministic encoding: both fields present, in field order, nothing else, minimal varints, at most
 * {@value #MAX_ENCODED_LENGTH} bytes, and an Ed25519 key of exactly 32 bytes.
 */
public final class IdentityKey {
    /** The largest encoded key accepted (an RSA-4096 key takes about 550 bytes). */
    public static final int MAX_ENCODED_LENGTH = 4096;

    private final KeyType type;
    private final byte[] data;
    private final byte[] encoded;

    private IdentityKey(KeyType type, byte[] data) {
        this.type = type;
        this.data = data;
        this.encoded = new ProtoWriter().writeInt32(1, type.number()).writeBytes(2, data).toByteArray();
    }

    /** The key of a raw 32-byte Ed25519 public key. */
    public static IdentityKey ed25519(byte[] rawPublicKey) {
        if (rawPublicKey.length != Ed25519.KEY_LENGTH) {
            throw new WireFormatException("an Ed25519 public key has 32 bytes, not " + rawPublicKey.length);
        }
        return new IdentityKey(KeyType.ED25519, rawPublicKey.clone());
    }

    /**
     * Decodes a {@code PublicKey} protobuf.
     *
     * @throws WireFormatException if it is not a strictly encoded libp2p public key
     */
    public static IdentityKey decode(byte[] protobuf) {
        if (protobuf.length > MAX_ENCODED_LENGTH) {
            throw new WireFormatException("public key of " + protobuf.length + " bytes exceeds the limit of "
                    + MAX_ENCODED_LENGTH);
        }
        ProtoReader reader = new ProtoReader(protobuf);
        if (!reader.next() || reader.field() != 1) {
            throw new WireFormatException("public key protobuf must start with field 1 (Type)");
        }
        KeyType type = KeyType.fromNumber(reader.readEnum());
        if (!reader.next() || reader.field() != 2) {
            throw new WireFormatException("public key protobuf must continue with field 2 (Data)");
        }
        byte[] data = reader.readBytes();
        if (reader.next()) {
            throw new WireFormatException("public key protobuf has an unexpected field " + reader.field());
        }
        if (type == KeyType.ED25519 && data.length != Ed25519.KEY_LENGTH) {
            throw new WireFormatException("an Ed25519 public key has 32 bytes, not " + data.length);
        }
        return new IdentityKey(type, data);
    }

    public KeyType type() {
        return type;
    }

    /** The key bytes (field 2): for Ed25519 the 32-byte public key. */
    public byte[] data() {
        return data.clone();
    }

    /** The {@code PublicKey} protobuf. */
    public byte[] encode() {
        return encoded.clone();
    }

    /** The peer id of this key. */
    public PeerId peerId() {
        return PeerId.fromPublicKey(this);
    }

    /**
     * Whether {@code signature} is this key's signature of {@code message}; false for any malformed signature.
     *
     * @throws UnsupportedOperationException for key types other than Ed25519
     */
    public boolean verify(byte[] message, byte[] signature) {
        if (type != KeyType.ED25519) {
            throw new UnsupportedOperationException("signature verification of " + type + " keys is not supported");
        }
        return Ed25519.verify(data, message, signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityKey other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return type + ":" + HexFormat.of().formatHex(data);
    }
}
