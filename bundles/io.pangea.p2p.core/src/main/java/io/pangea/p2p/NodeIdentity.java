package io.pangea.p2p;

import io.pangea.p2p.internal.Ed25519;
import io.pangea.p2p.internal.KeyFile;
import io.pangea.p2p.wire.ProtoReader;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * This node's Ed25519 key pair and the peer id derived from it.
 *
 * <p>Kept in the data directory as {@value #KEY_FILE_NAME}: the 32-byte seed as an RFC 8410 PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}, readable by {@code openssl pkey}), written owner-only (0600) and atomically.
 * {@link #loadOrCreate(Path)} is what a node calls at start. Keys can also be exchanged with other libp2p
 * implementations as the libp2p {@code PrivateKey} protobuf ({@link #encodePrivateKey()},
 * {@link #decodePrivateKey(byte[])}).
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the peer id only.
 */
public final class NodeIdentity {
    /** The key file's name in the data directory. */
    public static final String KEY_FILE_NAME = "node.key";

    private final byte[] seed;
    private final PrivateKey privateKey;
    private final IdentityKey publicKey;
    private final PeerId peerId;

    private NodeIdentity(byte[] seed) {
        this.seed = seed;
        this.privateKey = Ed25519.privateKey(seed);
        this.publicKey = IdentityKey.ed25519(Ed25519.publicKeyOf(seed));
        this.peerId = publicKey.peerId();
    }

    public static NodeIdentity generate() {
        return generate(new SecureRandom());
    }

    public static NodeIdentity generate(SecureRandom random) {
        return new NodeIdentity(Ed25519.generateSeed(random));
    }

    /** The identity of a 32-byte Ed25519 seed (the RFC 8032 private key). */
    public static NodeIdentity fromSeed(byte[] seed) {
        if (seed.length != Ed25519.KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
        }
        return new NodeIdentity(seed.clone());
    }

    /**
     * Decodes a libp2p {@code PrivateKey} protobuf of type Ed25519, whose data is {@code seed ‖ public key}
     * (64 bytes) or the older {@code seed ‖ public key ‖ public key} (96 bytes); the public key must be the seed's.
     *
     * @throws WireFormatException for any other content
     */
    public static NodeIdentity decodePrivateKey(byte[] protobuf) {
        ProtoReader reader = new ProtoReader(protobuf);
        if (!reader.next() || reader.field() != 1) {
            throw new WireFormatException("private key protobuf must start with field 1 (Type)");
        }
        KeyType type = KeyType.fromNumber(reader.readEnum());
        if (type != KeyType.ED25519) {
            throw new WireFormatException("only Ed25519 node keys are supported, not " + type);
        }
        if (!reader.next() || reader.field() != 2) {
            throw new WireFormatException("private key protobuf must continue with field 2 (Data)");
        }
        byte[] data = reader.readBytes(3 * Ed25519.KEY_LENGTH);
        try {
            if (reader.next()) {
                throw new WireFormatException("private key protobuf has an unexpected field " + reader.field());
            }
            int k = Ed25519.KEY_LENGTH;
            if (data.length != 2 * k && data.length != 3 * k) {
                throw new WireFormatException("Ed25519 private key data has " + data.length + " bytes, expected 64 or 96");
            }
            if (data.length == 3 * k && !Arrays.equals(data, k, 2 * k, data, 2 * k, 3 * k)) {
                throw new WireFormatException("Ed25519 private key data (96 bytes) repeats two different public keys");
            }
            NodeIdentity identity = new NodeIdentity(Arrays.copyOf(data, k));
            if (!MessageDigest.isEqual(identity.publicKey.data(), Arrays.copyOfRange(data, k, 2 * k))) {
                throw new WireFormatException("Ed25519 private key data holds a public key that is not the seed's");
            }
            return identity;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * The node's key file: {@code configured} when it is set, else {@value #KEY_FILE_NAME} in
     * {@code <karaf.data>/pangea/} — one key for every transport, so the node has one peer id on all of them.
     */
    public static Path keyFile(String configured) {
        return configured == null || configured.isBlank()
                ? Path.of(System.getProperty("karaf.data", "data"), "pangea", KEY_FILE_NAME)
                : Path.of(configured);
    }

    /**
     * Loads the identity from a key file.
     *
     * @throws IOException         if the file cannot be read
     * @throws WireFormatException if it is not an Ed25519 PKCS#8 PEM key
     */
    public static NodeIdentity load(Path keyFile) throws IOException {
        return new NodeIdentity(KeyFile.readSeed(keyFile));
    }

    /**
     * Loads the identity from {@code keyFile}, or generates one and saves it there if the file does not exist. Safe
     * against a concurrent creator: the first file written wins and both callers load it.
     */
    public static NodeIdentity loadOrCreate(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            return load(keyFile);
        }
        NodeIdentity created = generate();
        try {
            KeyFile.writeSeed(keyFile, created.seed, false);
            return created;
        } catch (FileAlreadyExistsException raced) {
            return load(keyFile);
        }
    }

    /** Saves the identity to {@code keyFile} (owner-only, atomic), replacing any file there. */
    public void save(Path keyFile) throws IOException {
        KeyFile.writeSeed(keyFile, seed, true);
    }

    /** The libp2p {@code PrivateKey} protobuf (type Ed25519, data {@code seed ‖ public key}). Secret. */
    public byte[] encodePrivateKey() {
        byte[] data = Arrays.copyOf(seed, 2 * Ed25519.KEY_LENGTH);
        System.arraycopy(publicKey.data(), 0, data, Ed25519.KEY_LENGTH, Ed25519.KEY_LENGTH);
        byte[] encoded = new ProtoWriter().writeInt32(1, KeyType.ED25519.number()).writeBytes(2, data).toByteArray();
        Arrays.fill(data, (byte) 0);
        return encoded;
    }

    public IdentityKey publicKey() {
        return publicKey;
    }

    public PeerId peerId() {
        return peerId;
    }

    /** The Ed25519 signature (RFC 8032, 64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        return Ed25519.sign(privateKey, message);
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + peerId + "]";
    }
}
