package io.pangea.transport.quic.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.wire.WireFormatException;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link Transport} service over a running {@link QuicHost}. */
final class QuicTransport implements Transport {
    private final NodeIdentity identity;
    private final QuicHost host;

    QuicTransport(NodeIdentity identity, QuicHost host) {
        this.identity = identity;
        this.host = host;
    }

    @Override
    public List<String> listenAddresses() {
        return host.listenAddresses().stream().map(a -> a.withPeer(identity.peerId()).toString()).toList();
    }

    @Override
    public CompletionStage<PeerConnection> dial(String multiaddr) {
        try {
            return host.dial(Multiaddr.parse(multiaddr)).thenApply(connection -> connection);
        } catch (WireFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Only {@code /<ip4|ip6|dns>/<host>/udp/<port>/quic-v1[/p2p/<id>]}. */
    @Override
    public boolean supports(String multiaddr) {
        try {
            return Multiaddr.parse(multiaddr).isQuic();
        } catch (WireFormatException e) {
            return false;
        }
    }

    @Override
    public List<PeerConnection> connections() {
        return List.copyOf(host.connections());
    }

    QuicHost host() {
        return host;
    }
}
