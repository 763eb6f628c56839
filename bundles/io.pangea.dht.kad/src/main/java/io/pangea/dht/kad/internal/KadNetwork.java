package io.pangea.dht.kad.internal;

import java.util.concurrent.CompletionStage;

/**
 * How a node reaches others over {@code /ipfs/kad/1.0.0}: one stream per request, a length-prefixed request frame and
 * (except for ADD_PROVIDER) one response frame. Implemented in memory by tests and over the libp2p transports by the
 * wiring bundle. Implementations apply no timeout of their own; the caller does.
 */
public interface KadNetwork {

    /** Sends a request and completes with the response, or exceptionally if the peer cannot be reached. */
    CompletionStage<KadMessage> request(KadPeer to, KadMessage request);

    /** Sends a message that has no response (ADD_PROVIDER); completes when it was handed over. */
    CompletionStage<Void> send(KadPeer to, KadMessage message);
}
