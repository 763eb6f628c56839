package io.pangea.compression.none.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.compression.CompressionException;
import io.pangea.api.compression.Compressor;
import org.osgi.service.component.annotations.Component;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Stores data as it is: the provider that is always there, ranked below every real codec. */
@Component(property = "service.ranking:Integer=0")
@PangeaProvider(capability = "compression", provider = "none", codec = PassThroughCompressor.CODEC)
public class PassThroughCompressor implements Compressor {
    static final String CODEC = "none";
    private static final Levels LEVELS = new Levels(0, 0, 0);

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
        return sourceLength;
    }

    @Override
    public int compress(ByteBuffer source, ByteBuffer destination, int level) throws CompressionException {
        return copy(source, destination);
    }

    @Override
    public int decompress(ByteBuffer source, ByteBuffer destination) throws CompressionException {
        return copy(source, destination);
    }

    private static int copy(ByteBuffer source, ByteBuffer destination) throws CompressionException {
        int n = source.remaining();
        if (destination.remaining() < n) {
            throw new CompressionException("destination has room for " + destination.remaining() + " of " + n + " bytes");
        }
        destination.put(source);
        return n;
    }

    @Override
    public OutputStream compressing(OutputStream sink, int level) {
        // FilterOutputStream writes byte by byte; pass whole arrays through.
        return new FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        };
    }

    @Override
    public InputStream decompressing(InputStream source) {
        return source;
    }
}
