package io.pangea.transport.tcp.internal;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.pangea.api.transport.ConnectionQuality;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.host.IdentifyMessage;
import io.pangea.p2p.host.PingWindow;
import io.pangea.p2p.host.ProtocolRegistry;
import io.pangea.p2p.wire.MultistreamSelect;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * An upgraded connection: TCP, secured by Noise with a proven peer, multiplexed by Yamux. Streams it opens negotiate
 * their protocol with multistream-select; streams the peer opens go to the host's protocol handlers. Holds what
 * Identify learned about the peer and can ping it; every ping's outcome goes into a window of the latest
 * {@value PingWindow#DEFAULT_CAPACITY}, from which {@link #quality()} is computed. While the peer supports ping, one
 * is sent every keepalive interval, on the connection's event loop.
 */
final class Libp2pConnection implements PeerConnection, YamuxSession.Listener {
    private final TcpHost host;
    private final Channel channel;
    private final CompletableFuture<Void> whenClosed = new CompletableFuture<>();
    private final IdentityKey remoteKey;
    private final PeerId remotePeer;
    private final Multiaddr remoteAddress;
    private final boolean dialer;
    private final String label;
    private final YamuxSession session;
    private final CompletableFuture<IdentifyMessage> identified = new CompletableFuture<>();
    private final PingWindow pings = new PingWindow(PingWindow.DEFAULT_CAPACITY);
    private volatile ScheduledFuture<?> periodicPing;

    Libp2pConnection(TcpHost host, Channel channel, IdentityKey remoteKey, boolean dialer) {
        this.host = host;
        this.channel = channel;
        this.remoteKey = remoteKey;
        this.remotePeer = remoteKey.peerId();
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        this.remoteAddress = Multiaddr.tcp(remote.getAddress(), remote.getPort());
        this.dialer = dialer;
        this.label = channel.attr(ConnectionFailureHandler.LABEL).get();
        this.session = new YamuxSession(dialer, host.settings().yamux(), host.callbacks(), host.log(), label, this);
    }

    @Override
    public String remotePeer() {
        return remotePeer.toBase58();
    }

    @Override
    public String remoteAddress() {
        return remoteAddress.toString();
    }

    @Override
    public CompletionStage<PeerStream> openStream(String protocol) {
        try {
            ProtocolRegistry.check(protocol);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return openNegotiated(protocol).thenApply(stream -> stream);
    }

    /** Opens a stream and negotiates {@code protocol} on it; on failure the stream is reset. */
    CompletableFuture<YamuxStream> openNegotiated(String protocol) {
        return session.openStream().thenCompose(stream -> StreamNegotiation
                .run(stream, MultistreamSelect.initiator(List.of(protocol)), host.settings().negotiationTimeout())
                .thenApply(selected -> stream));
    }

    @Override
    public List<String> remoteProtocols() {
        IdentifyMessage message = identifiedOrNull();
        return message == null ? List.of() : message.protocols();
    }

    @Override
    public List<String> remoteListenAddresses() {
        IdentifyMessage message = identifiedOrNull();
        return message == null ? List.of() : message.listenAddrs().stream().map(Multiaddr::toString).toList();
    }

    @Override
    public Optional<String> remoteAgent() {
        IdentifyMessage message = identifiedOrNull();
        return message == null || message.agentVersion().isEmpty()
                ? Optional.empty() : Optional.of(message.agentVersion());
    }

    @Override
    public CompletionStage<Void> identification() {
        return identified.handle((message, failure) -> null);
    }

    @Override
    public Optional<ConnectionQuality> quality() {
        return pings.quality();
    }

    private IdentifyMessage identifiedOrNull() {
        return identified.isDone() && !identified.isCompletedExceptionally() ? identified.join() : null;
    }

    @Override
    public void close() {
        session.close();
    }

    /**
     * Pings the peer every {@code interval} on this connection's event loop, recording each outcome, until the
     * connection closes. Not started for a zero interval.
     */
    void startPeriodicPing(Duration interval) {
        long millis = interval.toMillis();
        if (millis <= 0 || !channel.isActive()) {
            return;
        }
        periodicPing = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive()) {
                ping();
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Ends with the connection. */
    CompletableFuture<Void> closeFuture() {
        return session.closeFuture();
    }

    boolean isOpen() {
        return channel.isActive();
    }

    IdentityKey remoteKey() {
        return remoteKey;
    }

    PeerId remotePeerId() {
        return remotePeer;
    }

    Multiaddr remoteMultiaddr() {
        return remoteAddress;
    }

    boolean isDialer() {
        return dialer;
    }

    String label() {
        return label;
    }

    YamuxSession session() {
        return session;
    }

    Channel channel() {
        return channel;
    }

    /** What the peer said about itself when asked with Identify; requested as soon as the connection is up. */
    CompletableFuture<IdentifyMessage> identified() {
        return identified;
    }

    /** The round trip of one {@code /ipfs/ping/1.0.0} exchange. */
    CompletableFuture<Duration> ping() {
        return host.ping(this).whenComplete((rtt, failure) -> {
            if (failure == null) {
                pings.answered(rtt);
            } else if (channel.isActive()) {
                pings.failed();
            }
        });
    }

    @Override
    public void inboundStream(YamuxStream stream) {
        host.acceptStream(this, stream);
    }

    @Override
    public CompletionStage<Void> whenClosed() {
        return whenClosed;
    }

    @Override
    public void closed() {
        whenClosed.complete(null);
        identified.completeExceptionally(new StreamClosedException(label + " closed"));
        ScheduledFuture<?> scheduled = periodicPing;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        host.connectionClosed(this);
    }

    @Override
    public String toString() {
        return label;
    }
}
