package io.pangea.api.selection;

/** No eligible provider can serve the request; the message says which capability and why. */
public class NoProviderException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NoProviderException(String message) {
        super(message);
    }
}
