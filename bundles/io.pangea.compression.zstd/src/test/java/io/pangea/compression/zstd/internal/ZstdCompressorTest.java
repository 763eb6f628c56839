package io.pangea.compression.zstd.internal;

import io.pangea.api.compression.CompressionException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZstdCompressorTest {
    private final ZstdCompressor zstd = new ZstdCompressor();

    private static byte[] compressible(int size) {
        byte[] text = "Pangea stores erasure-coded shards of encrypted segments. ".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = text[i % text.length];
        }
        return data;
    }

    private static ByteBuffer buffer(boolean direct, int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private void roundTrip(boolean directSource, boolean directCompressed, boolean directOutput) throws Exception {
        byte[] data = compressible(1 << 20);
        ByteBuffer source = buffer(directSource, data.length).put(data).flip();
        ByteBuffer compressed = buffer(directCompressed, zstd.maxCompressedLength(data.length));
        int written = zstd.compress(source, compressed, 3);
        assertThat(written).isPositive().isLessThan(data.length / 20);
        assertThat(compressed.position()).isEqualTo(written);
        assertThat(source.hasRemaining()).isFalse();

        compressed.flip();
        ByteBuffer output = buffer(directOutput, data.length);
        assertThat(zstd.decompress(compressed, output)).isEqualTo(data.length);
        byte[] back = new byte[data.length];
        output.flip().get(back);
        assertThat(back).isEqualTo(data);
    }

    @Test
    void heapBuffersRoundTrip() throws Exception {
        roundTrip(false, false, false);
    }

    @Test
    void directBuffersRoundTrip() throws Exception {
        roundTrip(true, true, true);
    }

    @Test
    void mixedBuffersRoundTrip() throws Exception {
        roundTrip(false, true, false);
        roundTrip(true, false, true);
    }

    @Test
    void slicedHeapBuffersHonourOffsets() throws Exception {
        byte[] data = compressible(10_000);
        ByteBuffer backing = ByteBuffer.allocate(data.length + 100);
        backing.position(100);
        ByteBuffer source = backing.slice().put(data).flip();
        ByteBuffer compressed = ByteBuffer.allocate(zstd.maxCompressedLength(data.length) + 7);
        compressed.position(7);
        int n = zstd.compress(source, compressed, 1);
        ByteBuffer block = compressed.flip().position(7);
        ByteBuffer out = ByteBuffer.allocate(data.length);
        assertThat(zstd.decompress(block, out)).isEqualTo(data.length);
        assertThat(out.array()).isEqualTo(data);
        assertThat(n).isEqualTo(compressed.limit() - 7);
    }

    @Test
    void corruptBlockIsAClearError() throws Exception {
        byte[] data = compressible(4096);
        ByteBuffer compressed = ByteBuffer.allocate(zstd.maxCompressedLength(data.length));
        zstd.compress(ByteBuffer.wrap(data), compressed, 3);
        compressed.flip();
        compressed.put(0, (byte) (compressed.get(0) ^ 0x5a)); // break the frame magic
        assertThatThrownBy(() -> zstd.decompress(compressed, ByteBuffer.allocate(data.length)))
                .isInstanceOf(CompressionException.class).hasMessageContaining("zstd decompression failed");
    }

    @Test
    void tooSmallDestinationIsAClearError() {
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        assertThatThrownBy(() -> zstd.compress(ByteBuffer.wrap(random), ByteBuffer.allocate(16), 3))
                .isInstanceOf(CompressionException.class).hasMessageContaining("zstd compression failed");
    }

    @Test
    void levelOutsideRangeIsRejected() {
        assertThatThrownBy(() -> zstd.compress(ByteBuffer.allocate(1), ByteBuffer.allocate(64), 23))
                .isInstanceOf(CompressionException.class).hasMessageContaining("outside 1..22");
    }

    @Test
    void streamsRoundTrip() throws Exception {
        byte[] data = compressible(3 << 20);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = zstd.compressing(sink, 3)) {
            for (int off = 0; off < data.length; off += 65_536) {
                out.write(data, off, Math.min(65_536, data.length - off));
            }
        }
        assertThat(sink.size()).isLessThan(data.length / 20);
        try (InputStream in = zstd.decompressing(new ByteArrayInputStream(sink.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }
}
