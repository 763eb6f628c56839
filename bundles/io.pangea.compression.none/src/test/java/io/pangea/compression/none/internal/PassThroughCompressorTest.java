package io.pangea.compression.none.internal;

import io.pangea.api.compression.CompressionException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassThroughCompressorTest {
    private final PassThroughCompressor none = new PassThroughCompressor();

    @Test
    void blocksAreCopiedUnchanged() throws Exception {
        byte[] data = {1, 2, 3, 4, 5};
        ByteBuffer out = ByteBuffer.allocateDirect(none.maxCompressedLength(data.length));
        assertThat(none.compress(ByteBuffer.wrap(data), out, 0)).isEqualTo(5);
        ByteBuffer back = ByteBuffer.allocate(5);
        assertThat(none.decompress(out.flip(), back)).isEqualTo(5);
        assertThat(back.array()).isEqualTo(data);
    }

    @Test
    void tooSmallDestinationIsAClearError() {
        assertThatThrownBy(() -> none.compress(ByteBuffer.allocate(10), ByteBuffer.allocate(4), 0))
                .isInstanceOf(CompressionException.class).hasMessageContaining("room for 4 of 10");
    }

    @Test
    void streamsPassDataThrough() throws Exception {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = none.compressing(sink, 0)) {
            out.write(data);
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
        assertThat(none.decompressing(new ByteArrayInputStream(data)).readAllBytes()).isEqualTo(data);
    }
}
