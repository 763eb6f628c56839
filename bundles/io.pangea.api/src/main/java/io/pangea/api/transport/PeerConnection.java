package io.pangea.api.transport;

import org.osgi.annotation.versioning.ProviderType;

import java.util.concurrent.CompletionStage;

/** An authenticated connection to one peer, carrying many streams. */
@ProviderType
public interface PeerConnection extends AutoCloseable {

    /** The remote peer id (base58btc), proven by the security handshake. */
    String remotePeer();

    /** The remote address as a multiaddr. */
    String remoteAddress();

    /** Opens a stream and negotiates {@code protocol} on it. */
    CompletionStage<PeerStream> openStream(String protocol);

    @Override
    void close();
}
