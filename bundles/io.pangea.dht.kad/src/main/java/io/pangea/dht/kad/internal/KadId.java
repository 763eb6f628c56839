package io.pangea.dht.kad.internal;

import io.pangea.p2p.Cid;
import io.pangea.p2p.PeerId;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A point of the Kademlia keyspace: SHA-256 of a key's bytes, as the libp2p specification defines it. A peer's
 * point is the hash of its peer id's multihash bytes; a provider key's is the hash of the CID's multihash bytes
 * ({@link #ofCid}), so CIDv0 and CIDv1 of the same content meet at the same point.
 */
public final class KadId {
    public static final int BYTES = 32;
    public static final int BITS = 256;

    private final byte[] bits;

    private KadId(byte[] bits) {
        this.bits = bits;
    }

    /** The point of a DHT key (a provider key, a record key, or a peer id's bytes). */
    public static KadId ofKey(byte[] key) {
        try {
            return new KadId(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    public static KadId ofPeer(PeerId peer) {
        return ofKey(peer.bytes());
    }

    /** The provider key of a CID is its multihash. */
    public static byte[] providerKey(Cid cid) {
        return cid.multihash().bytes();
    }

    public static KadId ofCid(Cid cid) {
        return ofKey(providerKey(cid));
    }

    /** A point given directly (already hashed), for tests and bucket refresh. */
    public static KadId ofRaw(byte[] bits) {
        if (bits.length != BYTES) {
            throw new IllegalArgumentException("a keyspace point has 32 bytes, not " + bits.length);
        }
        return new KadId(bits.clone());
    }

    /**
     * A random point whose common prefix with {@code this} is exactly {@code cpl} bits (for refreshing bucket
     * {@code cpl}).
     */
    public KadId randomWithCommonPrefix(int cpl, Random random) {
        if (cpl < 0 || cpl >= BITS) {
            throw new IllegalArgumentException("common prefix length out of range: " + cpl);
        }
        byte[] out = new byte[BYTES];
        random.nextBytes(out);
        for (int i = 0; i < cpl; i++) {
            setBit(out, i, bit(bits, i));
        }
        setBit(out, cpl, !bit(bits, cpl));
        return new KadId(out);
    }

    public Distance distanceTo(KadId other) {
        byte[] d = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            d[i] = (byte) (bits[i] ^ other.bits[i]);
        }
        return new Distance(d);
    }

    /** The number of leading bits {@code this} and {@code other} share (256 when equal). */
    public int commonPrefixLength(KadId other) {
        for (int i = 0; i < BYTES; i++) {
            int x = (bits[i] ^ other.bits[i]) & 0xFF;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    public byte[] bytes() {
        return bits.clone();
    }

    private static boolean bit(byte[] b, int i) {
        return (b[i >>> 3] & (0x80 >>> (i & 7))) != 0;
    }

    private static void setBit(byte[] b, int i, boolean v) {
        if (v) {
            b[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        } else {
            b[i >>> 3] &= (byte) ~(0x80 >>> (i & 7));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadId k && Arrays.equals(bits, k.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bits, 0, 4) + "…";
    }

    /** A 256-bit XOR distance, ordered as an unsigned big-endian integer. */
    public static final class Distance implements Comparable<Distance> {
        private final byte[] value;

        private Distance(byte[] value) {
            this.value = value;
        }

        /** Leading zero bits: equal to the common prefix length of the two points. */
        public int leadingZeros() {
            for (int i = 0; i < BYTES; i++) {
                int x = value[i] & 0xFF;
                if (x != 0) {
                    return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
                }
            }
            return BITS;
        }

        public byte[] bytes() {
            return value.clone();
        }

        @Override
        public int compareTo(Distance o) {
            return Arrays.compareUnsigned(value, o.value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Distance d && Arrays.equals(value, d.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return HexFormat.of().formatHex(value);
        }
    }
}
