package io.pangea.api.objects;

/**
 * How to store one file. {@link #DEFAULT} in a number leaves it to the node's configuration (K, M) or to its
 * adaptive compression policy (level).
 *
 * @param name             the name kept in the keyring and the manifest; null for the source's file name
 * @param dataShards       K, data shards per segment
 * @param parityShards     M, parity shards per segment: any M shards of a segment may be lost
 * @param compressionLevel the compressor's level, clamped to the active compressor's range
 */
public record PutOptions(String name, int dataShards, int parityShards, int compressionLevel) {
    public static final int DEFAULT = Integer.MIN_VALUE;

    /** Everything from the node's configuration. */
    public static PutOptions defaults() {
        return new PutOptions(null, DEFAULT, DEFAULT, DEFAULT);
    }

    public PutOptions withName(String newName) {
        return new PutOptions(newName, dataShards, parityShards, compressionLevel);
    }

    public PutOptions withShards(int data, int parity) {
        return new PutOptions(name, data, parity, compressionLevel);
    }

    public PutOptions withCompressionLevel(int level) {
        return new PutOptions(name, dataShards, parityShards, level);
    }
}
