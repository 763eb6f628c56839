package io.pangea.objects.internal;

import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Where an object's files lie under the node's object directory: {@code <aa>/<storage index>/} holds
 * {@code manifest}, {@code page-<n>} and a file per shard, {@code <segment>-<shard>}. Only the storage index
 * appears in names, never the file id.
 */
record ObjectLayout(Path root) {
    /** The layout codec of the storage engines that write these files. */
    static final String CODEC = "files-v1";

    Path directory(byte[] storageIndex) {
        String hex = HexFormat.of().formatHex(storageIndex);
        return root.resolve(hex.substring(0, 2)).resolve(hex);
    }

    Path manifest(byte[] storageIndex) {
        return directory(storageIndex).resolve("manifest");
    }

    Path page(byte[] storageIndex, int page) {
        return directory(storageIndex).resolve("page-" + page);
    }

    Path shard(byte[] storageIndex, long segment, int shard) {
        return directory(storageIndex).resolve(segment + "-" + shard);
    }
}
