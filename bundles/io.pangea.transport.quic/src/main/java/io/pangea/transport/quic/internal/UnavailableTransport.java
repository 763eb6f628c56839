package io.pangea.transport.quic.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Stands in, ineligible, for a QUIC transport that could not start, so the node can say why. */
final class UnavailableTransport implements Transport {
    private final String reason;

    UnavailableTransport(String reason) {
        this.reason = reason;
    }

    @Override
    public List<String> listenAddresses() {
        return List.of();
    }

    @Override
    public CompletionStage<PeerConnection> dial(String multiaddr) {
        return CompletableFuture.failedFuture(new IOException("the QUIC transport is unavailable: " + reason));
    }

    @Override
    public boolean supports(String multiaddr) {
        return false;
    }

    @Override
    public List<PeerConnection> connections() {
        return List.of();
    }
}
