package io.pangea.dht.kad.internal;

import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.Multihash;
import io.pangea.p2p.PeerId;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Judges PUT_VALUE records and chooses among conflicting values, as libp2p-record's {@code Validator} does.
 *
 * <p>The default ({@link #DEFAULT}) accepts two self-certifying namespaces and rejects every other key:
 * <ul>
 *   <li>{@code /pk/<peer id bytes>}: the value is the peer's {@code PublicKey} protobuf and must hash to that peer
 *   id (the libp2p public-key namespace);</li>
 *   <li>{@code /sha256/<multihash bytes>}: the value must hash to the sha2-256 multihash (content addressed).</li>
 * </ul>
 * Both are immutable, so {@link #select} keeps the first value. A mutable namespace (IPNS) needs its own validator
 * with a real selection rule.
 */
public interface RecordValidator {

    /** @throws IllegalArgumentException if the record is invalid */
    void validate(byte[] key, byte[] value);

    /** The index of the best of several valid values for one key. */
    default int select(byte[] key, List<byte[]> values) {
        return 0;
    }

    byte[] PK_PREFIX = "/pk/".getBytes(StandardCharsets.US_ASCII);
    byte[] SHA256_PREFIX = "/sha256/".getBytes(StandardCharsets.US_ASCII);

    RecordValidator DEFAULT = (key, value) -> {
        if (startsWith(key, PK_PREFIX)) {
            PeerId peer = PeerId.fromBytes(Arrays.copyOfRange(key, PK_PREFIX.length, key.length));
            if (!peer.matches(IdentityKey.decode(value))) {
                throw new IllegalArgumentException("/pk/ record: the key does not hash to the peer id");
            }
        } else if (startsWith(key, SHA256_PREFIX)) {
            Multihash mh = Multihash.decode(Arrays.copyOfRange(key, SHA256_PREFIX.length, key.length));
            if (mh.code() != Multihash.SHA2_256 || !mh.matches(value)) {
                throw new IllegalArgumentException("/sha256/ record: the value does not match its hash");
            }
        } else {
            throw new IllegalArgumentException("no validator for this key's namespace");
        }
    };

    /** The key under which {@link #DEFAULT} accepts {@code value} as content-addressed. */
    static byte[] sha256Key(byte[] value) {
        byte[] mh = Multihash.sha256(value).bytes();
        byte[] key = Arrays.copyOf(SHA256_PREFIX, SHA256_PREFIX.length + mh.length);
        System.arraycopy(mh, 0, key, SHA256_PREFIX.length, mh.length);
        return key;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
