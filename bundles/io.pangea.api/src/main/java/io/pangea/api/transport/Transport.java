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

    /**
     * Whether this transport can dial the multiaddr at all (its protocols, not whether the peer answers): a TCP
     * transport takes {@code /ip4/../tcp/..}, a QUIC one {@code /ip4/../udp/../quic-v1}. A node holding several
     * transports dials each address with one that supports it, the active one first.
     */
    boolean supports(String multiaddr);

    /** The connections open now, inbound and outbound, authenticated and not yet closed. */
    List<PeerConnection> connections();
}
