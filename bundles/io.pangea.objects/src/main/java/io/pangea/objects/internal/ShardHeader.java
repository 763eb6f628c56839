package io.pangea.objects.internal;

import io.pangea.api.erasure.ShardChecks;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The header in front of every shard file, enough to tell what the shard is without the manifest:
 * <pre>
 * "PGSH" magic, u16 format version (1), u16 header length
 * 32 bytes storage index
 * u64 segment, u16 shard index, u16 K, u16 M
 * codec ids (u8 length + UTF-8): compression, cipher, erasure
 * u64 segment plaintext length, u32 sealed length, u32 shard length
 * 32 bytes SHA-256 of the shard payload
 * </pre>
 * followed by the payload (shard length bytes). All numbers big-endian. A reader compares every field with what
 * the manifest expects and the payload with both hashes before it uses the shard.
 */
record ShardHeader(byte[] storageIndex, long segment, int shard, int dataShards, int parityShards,
                   String compression, String cipher, String erasure, long plainLength, int sealedLength,
                   int shardLength, byte[] payloadHash) {
    static final int MAGIC = 0x50475348;
    static final int VERSION = 1;

    byte[] encode() {
        Wire.Writer out = new Wire.Writer(160)
                .i32(MAGIC).u16(VERSION).u16(0)
                .bytes(storageIndex)
                .i64(segment).u16(shard).u16(dataShards).u16(parityShards)
                .text8(compression).text8(cipher).text8(erasure)
                .i64(plainLength).i32(sealedLength).i32(shardLength)
                .bytes(payloadHash);
        return out.u16At(6, out.position()).toByteArray();
    }

    /** The encoded length, without encoding. */
    int length() {
        return 4 + 2 + 2 + 32 + 8 + 2 + 2 + 2 + 3 + utf8(compression) + utf8(cipher) + utf8(erasure) + 8 + 4 + 4 + 32;
    }

    private static int utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Reads a header from the start of {@code file}; the payload follows at {@link #length()}. */
    static ShardHeader decode(ByteBuffer file) throws Wire.FormatException {
        Wire.Reader in = new Wire.Reader(file, "shard header");
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw new Wire.FormatException("not a Pangea shard (magic " + String.format("%08x", magic) + ")");
        }
        int version = in.u16("format version");
        if (version != VERSION) {
            throw new Wire.FormatException("shard format version " + version + " is not known (this node reads "
                    + VERSION + ")");
        }
        int headerLength = in.u16("header length");
        ShardHeader header = new ShardHeader(in.bytes(32, "storage index"), in.i64("segment"), in.u16("shard index"),
                in.u16("K"), in.u16("M"), in.text8("compression codec"), in.text8("cipher codec"),
                in.text8("erasure codec"), in.i64("plaintext length"), in.i32("sealed length"),
                in.i32("shard length"), in.bytes(32, "payload hash"));
        if (headerLength != in.position()) {
            throw new Wire.FormatException("shard header length field says " + headerLength + " bytes, the header has "
                    + in.position());
        }
        return header;
    }

    /** How this header differs from the expected one, or empty when it is the shard the reader wants. */
    Optional<String> mismatch(ShardHeader expected) {
        if (!Arrays.equals(storageIndex, expected.storageIndex)) {
            return Optional.of("belongs to another object (storage index "
                    + HexFormat.of().formatHex(storageIndex, 0, 8) + "…)");
        }
        if (segment != expected.segment || shard != expected.shard) {
            return Optional.of("is " + ShardChecks.name(shard, dataShards) + " of segment " + segment + ", not "
                    + ShardChecks.name(expected.shard, expected.dataShards) + " of segment " + expected.segment);
        }
        List<String> differences = new ArrayList<>();
        differ(differences, "K", dataShards, expected.dataShards);
        differ(differences, "M", parityShards, expected.parityShards);
        differ(differences, "compression codec", compression, expected.compression);
        differ(differences, "cipher codec", cipher, expected.cipher);
        differ(differences, "erasure codec", erasure, expected.erasure);
        differ(differences, "plaintext length", plainLength, expected.plainLength);
        differ(differences, "sealed length", sealedLength, expected.sealedLength);
        differ(differences, "shard length", shardLength, expected.shardLength);
        if (!Arrays.equals(payloadHash, expected.payloadHash)) {
            differences.add("payload hash differs from the manifest's");
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of("header does not match the manifest: "
                + String.join(", ", differences));
    }

    private static void differ(List<String> differences, String field, Object actual, Object expected) {
        if (!actual.equals(expected)) {
            differences.add(field + " " + actual + " instead of " + expected);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShardHeader that && mismatch(that).isEmpty();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(segment) * 31 + shard;
    }

    @Override
    public String toString() {
        return "ShardHeader[segment " + segment + ", " + ShardChecks.name(shard, dataShards) + ", K " + dataShards
                + ", M " + parityShards + ", " + compression + "/" + cipher + "/" + erasure + "]";
    }
}
