package io.pangea.api.compression;

import org.osgi.annotation.versioning.ProviderType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A compression codec. Block methods work on the remaining bytes of heap or direct buffers and advance
 * positions like {@code put}/{@code get} do; stream methods wrap streams for data of any length.
 */
@ProviderType
public interface Compressor {

    /** The codec id recorded with compressed data, for example {@code zstd} or {@code none}. */
    String codec();

    /** The levels this codec accepts. */
    Levels levels();

    /** The largest compressed size of a block of {@code sourceLength} bytes: size the destination with it. */
    int maxCompressedLength(int sourceLength);

    /**
     * Compresses all remaining bytes of {@code source} into {@code destination} as one block.
     *
     * @return the number of bytes written
     * @throws CompressionException when the destination has too little room or the level is out of range
     */
    int compress(ByteBuffer source, ByteBuffer destination, int level) throws CompressionException;

    /**
     * Decompresses one block made by {@link #compress} of the same codec.
     *
     * @return the number of bytes written
     * @throws CompressionException when the block is corrupt or does not fit the destination
     */
    int decompress(ByteBuffer source, ByteBuffer destination) throws CompressionException;

    /** A stream that compresses what is written to it into {@code sink}; closing it closes the sink. */
    OutputStream compressing(OutputStream sink, int level) throws IOException;

    /** A stream that decompresses what {@link #compressing} wrote; closing it closes the source. */
    InputStream decompressing(InputStream source) throws IOException;

    /** The range of levels and the one to use when nothing better is known. */
    record Levels(int min, int max, int standard) {
        public boolean contains(int level) {
            return level >= min && level <= max;
        }
    }
}
