package io.pangea.transport.tcp.internal;

/** The peer did not prove the identity it claims, or not the one that was dialled. */
final class AuthenticationFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AuthenticationFailedException(String message) {
        super(message);
    }
}
