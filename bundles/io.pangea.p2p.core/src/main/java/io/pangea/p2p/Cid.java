package io.pangea.p2p;

import io.pangea.p2p.wire.Base32;
import io.pangea.p2p.wire.Base58;
import io.pangea.p2p.wire.Varint;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A content identifier: what a piece of content is (its multicodec) and its multihash.
 *
 * <ul>
 *   <li>CIDv0 is a bare sha2-256 multihash of dag-pb content; its text is base58btc ({@code Qm…}, 46 characters).</li>
 *   <li>CIDv1 is {@code <uvarint 1><uvarint codec><multihash>}; its text is multibase, written here as
 *       {@code 'b'} + lower-case base32 (the default of the CID and peer id specifications); {@code 'z'} +
 *       base58btc is also parsed.</li>
 * </ul>
 *
 * Equality is by the binary form, so a CIDv0 and its CIDv1 dag-pb equivalent are different values
 * ({@link #toV1()} converts).
 */
public final class Cid {
    /** Raw bytes: what a Pangea shard or a shell text is. */
    public static final long RAW = 0x55;
    /** MerkleDAG protobuf (the only codec of CIDv0). */
    public static final long DAG_PB = 0x70;
    /** A libp2p public key: the codec of peer ids written as CIDs. */
    public static final long LIBP2P_KEY = 0x72;

    private static final int V0_LENGTH = 34;
    private static final int V0_TEXT_LENGTH = 46;

    private final int version;
    private final long codec;
    private final Multihash multihash;
    private final byte[] bytes;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            this.bytes = multihash.bytes();
        } else {
            byte[] hash = multihash.bytes();
            this.bytes = new byte[1 + Varint.encodedLength(codec) + hash.length];
            int n = Varint.write(1, bytes, 0);
            n += Varint.write(codec, bytes, n);
            System.arraycopy(hash, 0, bytes, n, hash.length);
        }
    }

    /** A CIDv0; the multihash must be sha2-256. */
    public static Cid v0(Multihash multihash) {
        if (multihash.code() != Multihash.SHA2_256) {
            throw new WireFormatException("CIDv0 requires a sha2-256 multihash, not " + multihash);
        }
        return new Cid(0, DAG_PB, multihash);
    }

    public static Cid v1(long codec, Multihash multihash) {
        if (codec < 0) {
            throw new IllegalArgumentException("codec must not be negative: " + codec);
        }
        return new Cid(1, codec, multihash);
    }

    /** The CIDv1 raw sha2-256 of {@code content}. */
    public static Cid ofContent(byte[] content) {
        return v1(RAW, Multihash.sha256(content));
    }

    /**
     * The shell convention for naming content: text that parses as a CID is that CID; any other text is hashed
     * (sha2-256 of its UTF-8 bytes) into a CIDv1 raw. A mistyped CID is therefore hashed, not reported.
     */
    public static Cid ofText(String text) {
        try {
            return parse(text);
        } catch (WireFormatException notACid) {
            return ofContent(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Parses a CID's text form.
     *
     * @throws WireFormatException if the text is not a CIDv0 or a {@code 'b'}/{@code 'z'} multibase CIDv1
     */
    public static Cid parse(String text) {
        if (text.length() == V0_TEXT_LENGTH && text.startsWith("Qm")) {
            return decode(Base58.decode(text));
        }
        if (text.isEmpty()) {
            throw new WireFormatException("empty CID");
        }
        byte[] binary = switch (text.charAt(0)) {
            case 'b' -> Base32.decode(text.substring(1));
            case 'z' -> Base58.decode(text.substring(1));
            default -> throw new WireFormatException("not a CID: unsupported multibase prefix '"
                    + (text.charAt(0) < 0x7F && text.charAt(0) >= 0x20 ? text.charAt(0) : '?')
                    + "' (expected 'b' base32, 'z' base58btc, or a CIDv0 'Qm…')");
        };
        Cid cid = decode(binary);
        if (cid.version == 0) {
            throw new WireFormatException("a CIDv0 has no multibase prefix: write it as bare base58btc");
        }
        return cid;
    }

    /** Decodes a binary CID (v0: a 34-byte sha2-256 multihash; v1: version, codec, multihash). */
    public static Cid decode(byte[] bytes) {
        if (bytes.length == V0_LENGTH && bytes[0] == Multihash.SHA2_256 && bytes[1] == 32) {
            return new Cid(0, DAG_PB, Multihash.decode(bytes));
        }
        ByteBuffer src = ByteBuffer.wrap(bytes);
        long version = Varint.read(src);
        if (version != 1) {
            throw new WireFormatException("unsupported CID version " + version);
        }
        long codec = Varint.read(src);
        Multihash hash = Multihash.read(src);
        if (src.hasRemaining()) {
            throw new WireFormatException("CID followed by " + src.remaining() + " unexpected byte(s)");
        }
        return new Cid(1, codec, hash);
    }

    public int version() {
        return version;
    }

    public long codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    /** The binary CID. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** This CID as version 1 (a CIDv0 becomes CIDv1 dag-pb with the same multihash). */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /** CIDv0: base58btc; CIDv1: {@code 'b'} + base32. */
    @Override
    public String toString() {
        return version == 0 ? Base58.encode(bytes) : "b" + Base32.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
