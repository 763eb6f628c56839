package io.pangea.objects.internal;

import java.util.Arrays;
import java.util.List;

/**
 * What the manifest knows of one segment: where it lies in the file, the codecs and level it was written with
 * (each segment its own, so that a provider switched during a put changes only the segments after it), its
 * nonce, the SHA-256 of each of its K + M shards and where they are.
 *
 * @param storedLength the length after compression, or the plaintext length when compression did not pay
 *                     (then {@code compression} is {@code none})
 * @param placement    where the shards are: {@code local} while there is one node
 */
record SegmentRecord(long segment, long offset, int plainLength, int storedLength, int sealedLength, int shardLength,
                     String compression, int level, String cipher, byte[] nonce, String erasure,
                     List<byte[]> shardHashes, String placement) {
    static final String LOCAL = "local";

    SegmentRecord {
        shardHashes = List.copyOf(shardHashes);
    }

    /** The header the shard of this segment at {@code shard} must carry. */
    ShardHeader expectedHeader(byte[] storageIndex, int shard, int dataShards, int parityShards) {
        return new ShardHeader(storageIndex, segment, shard, dataShards, parityShards, compression, cipher, erasure,
                plainLength, sealedLength, shardLength, shardHashes.get(shard));
    }

    void write(Wire.Writer out) {
        out.i64(segment).i64(offset).i32(plainLength).i32(storedLength).i32(sealedLength).i32(shardLength)
                .text8(compression).i32(level).text8(cipher).bytes8(nonce).text8(erasure).u16(shardHashes.size());
        shardHashes.forEach(out::bytes);
        out.text8(placement);
    }

    static SegmentRecord read(Wire.Reader in) throws Wire.FormatException {
        long segment = in.i64("segment");
        long offset = in.i64("offset");
        int plainLength = in.count("plaintext length");
        int storedLength = in.count("stored length");
        int sealedLength = in.count("sealed length");
        int shardLength = in.count("shard length");
        String compression = in.text8("compression codec");
        int level = in.i32("level");
        String cipher = in.text8("cipher codec");
        byte[] nonce = in.bytes8("nonce");
        String erasure = in.text8("erasure codec");
        int count = in.u16("shard count");
        byte[][] hashes = new byte[count][];
        for (int i = 0; i < count; i++) {
            hashes[i] = in.bytes(32, "shard hash");
        }
        return new SegmentRecord(segment, offset, plainLength, storedLength, sealedLength, shardLength, compression,
                level, cipher, nonce, erasure, Arrays.asList(hashes), in.text8("placement"));
    }
}
