package io.pangea.p2p;

import io.pangea.p2p.wire.Base58;
import io.pangea.p2p.wire.WireFormatException;

import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer id: the multihash of the peer's {@link IdentityKey} protobuf, an identity multihash (the key itself)
 * when the encoded key is at most {@value #MAX_INLINE_KEY_LENGTH} bytes, as every Ed25519 key is, else sha2-256.
 *
 * <p>Text forms: base58btc of the multihash ({@code 12D3KooW…} for Ed25519, {@code Qm…} for hashed keys), which
 * {@link #toString()} writes as the specification recommends, and CIDv1 with the {@code libp2p-key} codec
 * ({@code bafz…}, {@link #toCidString()}). {@link #parse(String)} reads both. Equality and ordering are by the
 * multihash bytes.
 */
public final class PeerId implements Comparable<PeerId> {
    /** Keys that encode to at most this many bytes are inlined (identity multihash) rather than hashed. */
    public static final int MAX_INLINE_KEY_LENGTH = 42;

    private final Multihash multihash;
    private final byte[] bytes;

    private PeerId(Multihash multihash) {
        this.multihash = multihash;
        this.bytes = multihash.bytes();
    }

    public static PeerId fromPublicKey(IdentityKey key) {
        byte[] encoded = key.encode();
        return new PeerId(encoded.length <= MAX_INLINE_KEY_LENGTH
                ? Multihash.identity(encoded) : Multihash.sha256(encoded));
    }

    /**
     * A peer id from its binary form (the multihash bytes, as carried in {@code /p2p} multiaddr components and
     * Kademlia messages).
     *
     * @throws WireFormatException unless it is an identity multihash of at most {@value #MAX_INLINE_KEY_LENGTH} bytes
     *                             or a sha2-256 multihash
     */
    public static PeerId fromBytes(byte[] bytes) {
        return of(Multihash.decode(bytes));
    }

    public static PeerId of(Multihash multihash) {
        if (multihash.code() == Multihash.IDENTITY) {
            int length = multihash.digest().length;
            if (length > MAX_INLINE_KEY_LENGTH) {
                throw new WireFormatException("identity peer id inlines " + length + " bytes, more than "
                        + MAX_INLINE_KEY_LENGTH);
            }
        } else if (multihash.code() != Multihash.SHA2_256) {
            throw new WireFormatException("a peer id is an identity or sha2-256 multihash, not " + multihash);
        }
        return new PeerId(multihash);
    }

    /**
     * Parses either text form: base58btc ({@code 1…}, {@code Qm…}) or a CIDv1 with the {@code libp2p-key} codec.
     *
     * @throws WireFormatException if the text is neither, or does not hold a valid peer id
     */
    public static PeerId parse(String text) {
        if (text.startsWith("1") || text.startsWith("Qm")) {
            return fromBytes(Base58.decode(text));
        }
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (WireFormatException e) {
            throw new WireFormatException("not a peer id: " + e.getMessage(), e);
        }
        if (cid.version() != 1 || cid.codec() != Cid.LIBP2P_KEY) {
            throw new WireFormatException("not a peer id: a CID with codec 0x" + Long.toHexString(cid.codec())
                    + ", expected libp2p-key (0x72)");
        }
        return of(cid.multihash());
    }

    /** The binary form: the multihash bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public Multihash multihash() {
        return multihash;
    }

    /**
     * The public key when it is inlined in the id (identity multihash), as for every Ed25519 peer; a hashed id only
     * names its key, which the peer must then send (Noise, Identify) and {@link #matches} checks.
     *
     * @throws WireFormatException if the inlined bytes are not a valid public key
     */
    public Optional<IdentityKey> inlinePublicKey() {
        return multihash.code() == Multihash.IDENTITY
                ? Optional.of(IdentityKey.decode(multihash.digest())) : Optional.empty();
    }

    /** Whether this is the peer id of {@code key}. */
    public boolean matches(IdentityKey key) {
        return equals(key.peerId());
    }

    /** The base58btc text, the canonical form. */
    public String toBase58() {
        return Base58.encode(bytes);
    }

    /** The peer id as a CIDv1 with the libp2p-key codec. */
    public Cid toCid() {
        return Cid.v1(Cid.LIBP2P_KEY, multihash);
    }

    /** The CID text form ({@code bafz…}). */
    public String toCidString() {
        return toCid().toString();
    }

    @Override
    public String toString() {
        return toBase58();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(PeerId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }
}
