package io.pangea.transport.tcp.internal;

import java.io.IOException;

/** multistream-select ended without a common protocol. */
final class ProtocolNegotiationException extends IOException {
    private static final long serialVersionUID = 1L;

    ProtocolNegotiationException(String message) {
        super(message);
    }
}
