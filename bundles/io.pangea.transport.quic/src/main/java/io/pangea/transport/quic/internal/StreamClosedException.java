package io.pangea.transport.quic.internal;

import java.io.IOException;

/** A read or write on a QUIC stream that was reset, closed, or lost with its connection. */
final class StreamClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    StreamClosedException(String message) {
        super(message);
    }
}
