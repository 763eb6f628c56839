package io.pangea.compression.zstd.internal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.pangea.api.compression.CompressionException;
import io.pangea.api.compression.Compressor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Zstandard through zstd-jni, for heap and direct buffers alike. */
final class ZstdCompressor implements Compressor {
    static final String CODEC = "zstd";
    private static final Levels LEVELS = new Levels(1, 22, 3);

    @Override
    public String codec() {
        return CODEC;
    }

    @Override
    public Levels levels() {
        return LEVELS;
    }

    @Override
    public int maxCompressedLength(int sourceLength) {
        long bound = Zstd.compressBound(sourceLength);
        return bound > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) bound;
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer destination, int level) throws CompressionException {
        if (!LEVELS.contains(level)) {
            throw new CompressionException("zstd level " + level + " is outside " + LEVELS.min() + ".." + LEVELS.max());
        }
        return transfer(source, destination, level, true);
    }

    @Override
    public int decompress(ByteBuffer source, ByteBuffer destination) throws CompressionException {
        return transfer(source, destination, 0, false);
    }

    /**
     * zstd-jni has one entry point for arrays and one for direct buffers; a mixed pair goes through a temporary
     * direct copy of the heap side.
     */
    private static int transfer(ByteBuffer source, ByteBuffer destination, int level, boolean compress)
            throws CompressionException {
        ByteBuffer src = source;
        ByteBuffer dst = destination;
        boolean heap = src.hasArray() && dst.hasArray();
        if (!heap && !(src.isDirect() && dst.isDirect())) {
            if (!src.isDirect()) {
                src = ByteBuffer.allocateDirect(source.remaining()).put(source.duplicate()).flip();
            }
            if (!dst.isDirect()) {
                dst = ByteBuffer.allocateDirect(destination.remaining());
            }
        }
        long result;
        try {
            result = call(src, dst, level, compress, heap);
        } catch (ZstdException e) {
            throw new CompressionException("zstd " + (compress ? "compression" : "decompression") + " failed: "
                    + e.getMessage(), e);
        }
        if (Zstd.isError(result)) {
            throw new CompressionException("zstd " + (compress ? "compression" : "decompression") + " failed: "
                    + Zstd.getErrorName(result));
        }
        int written = (int) result;
        if (dst != destination) {
            destination.put(dst.limit(dst.position() + written));
        } else {
            destination.position(destination.position() + written);
        }
        source.position(source.limit());
        return written;
    }

    private static long call(ByteBuffer src, ByteBuffer dst, int level, boolean compress, boolean heap) {
        long result;
        if (heap) {
            result = compress
                    ? Zstd.compressByteArray(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining(),
                            src.array(), src.arrayOffset() + src.position(), src.remaining(), level)
                    : Zstd.decompressByteArray(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining(),
                            src.array(), src.arrayOffset() + src.position(), src.remaining());
        } else {
            result = compress
                    ? Zstd.compressDirectByteBuffer(dst, dst.position(), dst.remaining(), src, src.position(),
                            src.remaining(), level)
                    : Zstd.decompressDirectByteBuffer(dst, dst.position(), dst.remaining(), src, src.position(),
                            src.remaining());
        }
        return result;
    }

    @Override
    public OutputStream compressing(OutputStream sink, int level) throws IOException {
        if (!LEVELS.contains(level)) {
            throw new CompressionException("zstd level " + level + " is outside " + LEVELS.min() + ".." + LEVELS.max());
        }
        return new ZstdOutputStream(sink, level);
    }

    @Override
    public InputStream decompressing(InputStream source) throws IOException {
        return new ZstdInputStream(source);
    }
}
