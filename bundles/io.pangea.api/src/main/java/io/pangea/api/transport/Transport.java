package io.pangea.api.transport;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Dials and accepts authenticated, multiplexed connections to peers. */
@ProviderType
public interface Transport {

    /** The addresses this transport listens on, as multiaddrs with the node's {@code /p2p/} id. */
    List<String> listenAddresses();

    /** Dials a multiaddr; when it names a {@code /p2p/} peer id, the remote must prove that identity. */
    CompletionStage<PeerConnection> dial(String multiaddr);
}
