package io.pangea.api.erasure;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.ByteBuffer;

/**
 * A systematic erasure code over equal-length shards: K data shards, M parity shards, K + M at most
 * {@link #maxShards()}.
 */
@ProviderType
public interface ErasureCoder {

    /** The codec id recorded with every shard, for example {@code rs-cauchy-gf256}. */
    String codec();

    int maxShards();

    /**
     * Computes the parity shards. Every data buffer has the same number of remaining bytes; each parity buffer
     * has room for as many and receives them. Positions are not moved.
     */
    void encode(ByteBuffer[] data, ByteBuffer[] parity);

    /**
     * Rebuilds the shards not marked present, in place. {@code shards} holds K + M buffers of equal remaining
     * length, data first; at least K must be present.
     *
     * @throws IllegalArgumentException when fewer than K shards are present
     */
    void reconstruct(int dataShards, ByteBuffer[] shards, boolean[] present);
}
