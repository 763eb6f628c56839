package io.pangea.p2p.wire;

/**
 * Input bytes or text do not follow the wire format being decoded: malformed, truncated, non-minimal or larger than
 * the decoder's limit.
 *
 * <p>Every decoder of this bundle reports bad input with this exception and nothing else, so a caller handling
 * peer-supplied data catches one type and drops the peer; the message names what was wrong and, where there is one,
 * the offending component. It extends {@link IllegalArgumentException} because text parsers ({@code parse(String)})
 * follow the JDK convention for invalid arguments.
 */
public class WireFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
