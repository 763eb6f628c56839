package io.pangea.api.transport;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: serves inbound streams of one protocol on every transport. Register it with the
 * service property {@value #PROTOCOL}.
 */
@ConsumerType
public interface ProtocolHandler {
    String PROTOCOL = "pangea.protocol";

    void accept(PeerConnection connection, PeerStream stream);
}
