package io.pangea.api.compression;

import java.io.IOException;

/** Compressed data is corrupt, or a buffer or level does not fit; the message says which. */
public class CompressionException extends IOException {
    private static final long serialVersionUID = 1L;

    public CompressionException(String message) {
        super(message);
    }

    public CompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
