package io.pangea.transport.tcp.internal;

/** The peer broke a Yamux rule (flow control, stream ids, flags); the session ends with a protocol-error GoAway. */
final class YamuxProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    YamuxProtocolException(String message) {
        super(message);
    }
}
