package io.pangea.erasure.isal.internal;

import io.pangea.api.erasure.ShardChecks;

import io.pangea.api.erasure.ErasureCoder;

import java.nio.ByteBuffer;

/**
 * Stands for the ISA-L coder when its native library did not load: registered with the reason in
 * {@code pangea.unavailable}, so it is never selected, and failing with that reason if called anyway.
 */
final class UnavailableCoder implements ErasureCoder {
    private final String reason;

    UnavailableCoder(String reason) {
        this.reason = reason;
    }

    @Override
    public String codec() {
        return IsalErasureCoder.CODEC;
    }

    @Override
    public int maxShards() {
        return ShardChecks.MAX_SHARDS;
    }

    @Override
    public void encode(ByteBuffer[] data, ByteBuffer[] parity) {
        throw new IllegalStateException("the ISA-L erasure coder is unavailable: " + reason);
    }

    @Override
    public void reconstruct(int dataShards, ByteBuffer[] shards, boolean[] present) {
        throw new IllegalStateException("the ISA-L erasure coder is unavailable: " + reason);
    }
}
