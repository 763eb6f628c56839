package io.pangea.objects.internal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardHeaderTest {
    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static final ShardHeader HEADER = new ShardHeader(filled(1), 7, 12, 10, 4, "zstd", "xchacha20-poly1305",
            "rs-cauchy-gf256", 65536, 30016, 3002, filled(2));

    @Test
    void encodesAndDecodes() throws Exception {
        byte[] bytes = HEADER.encode();
        assertThat(bytes).hasSize(HEADER.length());
        assertThat(Arrays.copyOf(bytes, 4)).isEqualTo("PGSH".getBytes());
        ShardHeader decoded = ShardHeader.decode(ByteBuffer.wrap(bytes));
        assertThat(decoded.mismatch(HEADER)).isEmpty();
        assertThat(decoded.segment()).isEqualTo(7);
        assertThat(decoded.sealedLength()).isEqualTo(30016);
    }

    @Test
    void saysHowAHeaderDiffers() {
        ShardHeader other = new ShardHeader(filled(1), 7, 12, 10, 4, "none", "aes-256-gcm", "rs-cauchy-gf256",
                65536, 30016, 3001, filled(2));
        assertThat(other.mismatch(HEADER)).contains("header does not match the manifest: compression codec none "
                + "instead of zstd, cipher codec aes-256-gcm instead of xchacha20-poly1305, shard length 3001 instead "
                + "of 3002");
        ShardHeader moved = new ShardHeader(filled(1), 8, 2, 10, 4, "zstd", "xchacha20-poly1305", "rs-cauchy-gf256",
                65536, 30016, 3002, filled(2));
        assertThat(moved.mismatch(HEADER)).contains("is data shard 2 of segment 8, not parity shard 2 of segment 7");
        ShardHeader foreign = new ShardHeader(filled(9), 7, 12, 10, 4, "zstd", "xchacha20-poly1305",
                "rs-cauchy-gf256", 65536, 30016, 3002, filled(2));
        assertThat(foreign.mismatch(HEADER)).contains("belongs to another object (storage index 0909090909090909…)");
    }

    @Test
    void rejectsWhatIsNotAShardHeader() {
        byte[] bytes = HEADER.encode();
        assertThatThrownBy(() -> ShardHeader.decode(ByteBuffer.wrap(Arrays.copyOf(bytes, 56))))
                .hasMessage("shard header is truncated (ends before its compression codec)");
        byte[] version = bytes.clone();
        version[5] = 9;
        assertThatThrownBy(() -> ShardHeader.decode(ByteBuffer.wrap(version)))
                .hasMessage("shard format version 9 is not known (this node reads 1)");
        byte[] length = bytes.clone();
        length[7] ^= 1;
        assertThatThrownBy(() -> ShardHeader.decode(ByteBuffer.wrap(length)))
                .hasMessageStartingWith("shard header length field says");
    }
}
