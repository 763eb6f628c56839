package io.pangea.transport.tcp.internal;

import io.pangea.p2p.IdentityKey;

/** The user events by which the handlers of a connection upgrade tell {@link ConnectionUpgrader} a step is done. */
final class SessionEvents {
    private SessionEvents() {
    }

    /** multistream-select agreed on {@code protocol}; the bytes that follow belong to it. */
    record ProtocolSelected(String protocol) {
    }

    /** The Noise handshake is complete: the channel is encrypted and the peer proved {@code remoteKey}. */
    record Secured(IdentityKey remoteKey) {
    }
}
