package io.pangea.api.transport;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    /**
     * The protocols the peer announced about itself (libp2p Identify), such as {@code /ipfs/kad/1.0.0}; empty until
     * the peer has identified itself, or when the transport does not learn them.
     */
    default List<String> remoteProtocols() {
        return List.of();
    }

    /**
     * The addresses (multiaddrs, without {@code /p2p}) the peer announced it listens on (Identify); empty until
     * known. Unlike {@link #remoteAddress()}, these can be dialed back.
     */
    default List<String> remoteListenAddresses() {
        return List.of();
    }

    /** The software the peer announced it runs (Identify's agent version), once known. */
    default Optional<String> remoteAgent() {
        return Optional.empty();
    }

    /**
     * Completes once the peer has identified itself, or once that has failed or is given up on; from then on
     * {@link #remoteProtocols()}, {@link #remoteListenAddresses()} and {@link #remoteAgent()} hold what is known.
     * Never completes exceptionally. Completed at once by transports that do not identify peers.
     */
    default CompletionStage<Void> identification() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * How the connection has been answering pings recently; empty before the first ping or when the transport
     * does not measure it.
     */
    default Optional<ConnectionQuality> quality() {
        return Optional.empty();
    }

    /**
     * Completes once the connection has closed, from either side or by failure (never exceptionally); holders of a
     * connection drop it then.
     */
    CompletionStage<Void> whenClosed();

    @Override
    void close();
}
