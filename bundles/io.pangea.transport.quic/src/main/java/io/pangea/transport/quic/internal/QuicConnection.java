package io.pangea.transport.quic.internal;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.ScheduledFuture;
import io.pangea.api.transport.ConnectionQuality;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.Multiaddr;
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
 * A libp2p connection over QUIC: the TLS handshake proved {@link #remoteKey()}, QUIC multiplexes the streams, and each
 * stream negotiates its protocol with multistream-select. Holds what Identify learned and the recent pings.
 */
final class QuicConnection implements PeerConnection {
    private final QuicHost host;
    private final QuicChannel channel;
    private final IdentityKey remoteKey;
    private final Multiaddr remoteAddress;
    private final boolean dialer;
    private final String label;
    private final CompletableFuture<Void> whenClosed = new CompletableFuture<>();
    private final CompletableFuture<IdentifyMessage> identified = new CompletableFuture<>();
    private final PingWindow pings = new PingWindow(PingWindow.DEFAULT_CAPACITY);
    private volatile String closeReason;
    private volatile ScheduledFuture<?> pinger;

    QuicConnection(QuicHost host, QuicChannel channel, IdentityKey remoteKey, boolean dialer) {
        this.host = host;
        this.channel = channel;
        this.remoteKey = remoteKey;
        InetSocketAddress remote = (InetSocketAddress) channel.remoteSocketAddress();
        this.remoteAddress = Multiaddr.quic(remote.getAddress(), remote.getPort());
        this.dialer = dialer;
        this.label = (dialer ? "QUIC connection to " : "QUIC connection from ") + remoteKey.peerId() + " at "
                + remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    @Override
    public String remotePeer() {
        return remoteKey.peerId().toBase58();
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

    /** A new stream with {@code protocol} agreed on it. */
    CompletableFuture<QuicPeerStream> openNegotiated(String protocol) {
        return openRaw().thenCompose(stream -> Negotiation.run(stream,
                MultistreamSelect.initiator(List.of(protocol)), host.settings().negotiationTimeout())
                .thenApply(selected -> stream));
    }

    /** A new stream before any negotiation; the caller speaks first. */
    CompletableFuture<QuicPeerStream> openRaw() {
        CompletableFuture<QuicPeerStream> opened = new CompletableFuture<>();
        if (!channel.isActive()) {
            return CompletableFuture.failedFuture(new StreamClosedException(label + " is closed"
                    + (closeReason == null ? "" : ": " + closeReason)));
        }
        channel.newStreamBootstrap()
                .type(QuicStreamType.BIDIRECTIONAL)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, QuicHost.STREAM_WATER_MARK)
                .handler(new io.netty.channel.ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        QuicPeerStream peerStream = stream(stream);
                        stream.pipeline().addLast(peerStream);
                        host.callbacks().execute(() -> opened.complete(peerStream));
                    }
                })
                .create()
                .addListener(done -> {
                    if (!done.isSuccess()) {
                        host.callbacks().execute(() -> opened.completeExceptionally(new StreamClosedException(
                                "cannot open a stream on " + label + ": " + Failures.describe(done.cause()))));
                    }
                });
        return opened;
    }

    /** The handler of one of this connection's streams. */
    QuicPeerStream stream(QuicStreamChannel stream) {
        return new QuicPeerStream(stream, host.callbacks(), host.settings().receiveBuffer(), () -> closeReason,
                label);
    }

    @Override
    public List<String> remoteProtocols() {
        return identification(IdentifyMessage::protocols).orElse(List.of());
    }

    @Override
    public List<String> remoteListenAddresses() {
        return identification(message -> message.listenAddrs().stream().map(Multiaddr::toString).toList())
                .orElse(List.of());
    }

    @Override
    public Optional<String> remoteAgent() {
        return identification(IdentifyMessage::agentVersion).filter(agent -> !agent.isEmpty());
    }

    private <T> Optional<T> identification(java.util.function.Function<IdentifyMessage, T> field) {
        IdentifyMessage message = identified.isDone() && !identified.isCompletedExceptionally()
                ? identified.join() : null;
        return Optional.ofNullable(message).map(field);
    }

    @Override
    public CompletionStage<Void> identification() {
        return identified.handle((message, failure) -> null);
    }

    @Override
    public Optional<ConnectionQuality> quality() {
        return pings.quality();
    }

    @Override
    public CompletionStage<Void> whenClosed() {
        return whenClosed;
    }

    /** Closes with an application CONNECTION_CLOSE (code 0) so the peer learns at once, not at its idle timeout. */
    @Override
    public void close() {
        if (channel.isActive()) {
            closeReason = "closed by this node";
        }
        channel.close();
    }

    CompletableFuture<IdentifyMessage> identified() {
        return identified;
    }

    /** One {@code /ipfs/ping/1.0.0} round trip, recorded in the window {@link #quality()} reads. */
    CompletableFuture<Duration> ping() {
        return host.pings().ping(this).whenComplete((rtt, failure) -> {
            if (failure == null) {
                pings.answered(rtt);
            } else if (channel.isActive()) {
                pings.failed();
            }
        });
    }

    void startPinging(Duration interval) {
        long millis = interval.toMillis();
        if (millis > 0 && channel.isActive()) {
            pinger = channel.eventLoop().scheduleAtFixedRate(this::ping, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Called on the event loop once the QUIC connection is gone. */
    void closed(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        ScheduledFuture<?> scheduled = pinger;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        identified.completeExceptionally(new StreamClosedException(label + " closed before identify finished"));
        host.callbacks().execute(() -> whenClosed.complete(null));
    }

    void closeReason(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    boolean isOpen() {
        return channel.isActive();
    }

    IdentityKey remoteKey() {
        return remoteKey;
    }

    Multiaddr remoteMultiaddr() {
        return remoteAddress;
    }

    boolean isDialer() {
        return dialer;
    }

    QuicChannel channel() {
        return channel;
    }

    String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
