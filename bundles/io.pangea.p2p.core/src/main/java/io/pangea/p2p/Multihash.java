package io.pangea.p2p;

import io.pangea.p2p.internal.Sha256;
import io.pangea.p2p.wire.Varint;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash: {@code <uvarint hash code><uvarint digest length><digest>}.
 *
 * <p>This bundle creates sha2-256 ({@value #SHA2_256}) and identity ({@value #IDENTITY}) multihashes; it decodes any
 * hash code (a CID may name a hash this node does not compute) but checks the digest length of the codes it knows,
 * and limits every digest to {@value #MAX_DIGEST_LENGTH} bytes. Equality is by encoded bytes.
 */
public final class Multihash {
    /** The identity "hash": the digest is the data itself. */
    public static final int IDENTITY = 0x00;
    public static final int SHA2_256 = 0x12;
    /** The longest digest decoded or accepted. */
    public static final int MAX_DIGEST_LENGTH = 128;

    private final long code;
    private final byte[] digest;
    private final byte[] bytes;

    private Multihash(long code, byte[] digest) {
        this.code = code;
        this.digest = digest;
        this.bytes = new byte[Varint.encodedLength(code) + Varint.encodedLength(digest.length) + digest.length];
        int n = Varint.write(code, bytes, 0);
        n += Varint.write(digest.length, bytes, n);
        System.arraycopy(digest, 0, bytes, n, digest.length);
    }

    /**
     * A multihash of an already computed digest.
     *
     * @throws WireFormatException if the digest length does not suit the code or exceeds {@value #MAX_DIGEST_LENGTH}
     */
    public static Multihash of(long code, byte[] digest) {
        if (code < 0) {
            throw new WireFormatException("multihash code must not be negative: " + code);
        }
        checkLength(code, digest.length);
        return new Multihash(code, digest.clone());
    }

    /** The sha2-256 multihash of {@code data}. */
    public static Multihash sha256(byte[] data) {
        return new Multihash(SHA2_256, Sha256.digest(data));
    }

    /** The identity multihash of {@code data}, which must be at most {@value #MAX_DIGEST_LENGTH} bytes. */
    public static Multihash identity(byte[] data) {
        return of(IDENTITY, data);
    }

    /** Decodes a byte array that holds exactly one multihash. */
    public static Multihash decode(byte[] bytes) {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        Multihash hash = read(src);
        if (src.hasRemaining()) {
            throw new WireFormatException("multihash followed by " + src.remaining() + " unexpected byte(s)");
        }
        return hash;
    }

    /** Reads one multihash at the buffer's position and advances past it. */
    public static Multihash read(ByteBuffer src) {
        long code = Varint.read(src);
        int length = Varint.readInt(src, MAX_DIGEST_LENGTH, "multihash digest length");
        checkLength(code, length);
        if (src.remaining() < length) {
            throw new WireFormatException("multihash truncated: digest of " + length + " bytes, " + src.remaining()
                    + " present");
        }
        byte[] digest = new byte[length];
        src.get(digest);
        return new Multihash(code, digest);
    }

    private static void checkLength(long code, int length) {
        if (length > MAX_DIGEST_LENGTH) {
            throw new WireFormatException("multihash digest of " + length + " bytes exceeds the limit of "
                    + MAX_DIGEST_LENGTH);
        }
        if (code == SHA2_256 && length != 32) {
            throw new WireFormatException("sha2-256 multihash with a digest of " + length + " bytes, expected 32");
        }
    }

    public long code() {
        return code;
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** The encoded multihash. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether this multihash is the sha2-256 of {@code data}, or {@code data} itself for identity. */
    public boolean matches(byte[] data) {
        if (code == IDENTITY) {
            return Arrays.equals(digest, data);
        }
        if (code == SHA2_256) {
            return MessageDigest.isEqual(digest, Sha256.digest(data));
        }
        throw new UnsupportedOperationException("hash code 0x" + Long.toHexString(code) + " is not computed here");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        String name = code == SHA2_256 ? "sha2-256" : code == IDENTITY ? "identity" : "0x" + Long.toHexString(code);
        return name + ":" + HexFormat.of().formatHex(digest);
    }
}
