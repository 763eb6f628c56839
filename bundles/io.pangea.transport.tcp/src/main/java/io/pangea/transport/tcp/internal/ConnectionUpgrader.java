package io.pangea.transport.tcp.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.ScheduledFuture;
import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.wire.MultistreamSelect;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Assembles every connection's pipeline, in one place, as the upgrade proceeds:
 *
 * <pre>
 *   TCP            [security-select]                                                   [upgrade] [failures]
 *   /noise         [noise-frame-decoder] [noise-frame-encoder] [noise-handshake]       [upgrade] [failures]
 *   secured        [noise-frame-decoder] [noise-frame-encoder] [noise-transport] [muxer-select] [upgrade] [failures]
 *   /yamux/1.0.0   [noise-frame-decoder] [noise-frame-encoder] [noise-transport]
 *                  [yamux-decoder] [yamux-encoder] [yamux-session]                               [failures]
 * </pre>
 *
 * Each step's handler reports completion with a {@link SessionEvents} user event, and this handler inserts the next
 * step's handlers in front of itself. The whole upgrade must finish within the handshake timeout. When it does, the
 * {@link Libp2pConnection} is handed to the host and this handler leaves the pipeline.
 */
final class ConnectionUpgrader extends ChannelInboundHandlerAdapter {
    static final String NOISE = "/noise";
    static final String YAMUX = "/yamux/1.0.0";
    static final String NOISE_TRANSPORT = "noise-transport";
    private static final String UPGRADE = "upgrade";

    private enum Stage {
        SECURITY_NEGOTIATION("negotiating the security protocol"),
        NOISE_HANDSHAKE("in the Noise handshake"),
        MUXER_NEGOTIATION("negotiating the stream muxer"),
        DONE("upgraded");

        private final String description;

        Stage(String description) {
            this.description = description;
        }
    }

    private final TcpHost host;
    private final boolean dialer;
    private final Optional<PeerId> expectedPeer;
    private final CompletableFuture<Libp2pConnection> result;
    private Stage stage = Stage.SECURITY_NEGOTIATION;
    private ScheduledFuture<?> timeout;
    private IdentityKey remoteKey;
    private Throwable failure;

    private ConnectionUpgrader(TcpHost host, boolean dialer, Optional<PeerId> expectedPeer,
                               CompletableFuture<Libp2pConnection> result) {
        this.host = host;
        this.dialer = dialer;
        this.expectedPeer = expectedPeer;
        this.result = result;
    }

    /** Sets up a new TCP channel for the upgrade; {@code result} completes (on the callback executor) at the end. */
    static void install(Channel channel, TcpHost host, boolean dialer, Optional<PeerId> expectedPeer,
                        CompletableFuture<Libp2pConnection> result, String label) {
        channel.attr(ConnectionFailureHandler.LABEL).set(label);
        channel.pipeline()
                .addLast("security-select", new MultistreamHandler(negotiation(dialer, NOISE), "security"))
                .addLast(UPGRADE, new ConnectionUpgrader(host, dialer, expectedPeer, result))
                .addLast("failures", new ConnectionFailureHandler(host.log()));
    }

    /** Noise frames: a 2-byte big-endian length, then at most 65535 bytes (the limit includes nothing else). */
    static LengthFieldBasedFrameDecoder noiseFrameDecoder() {
        return new LengthFieldBasedFrameDecoder(NoiseTransportHandler.MAX_FRAME_LENGTH + 2, 0, 2, 0, 2);
    }

    static LengthFieldPrepender noiseFrameEncoder() {
        return new LengthFieldPrepender(2);
    }

    private static MultistreamSelect negotiation(boolean dialer, String protocol) {
        return dialer ? MultistreamSelect.initiator(List.of(protocol)) : MultistreamSelect.responder(List.of(protocol));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long millis = host.settings().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(() -> {
            if (stage != Stage.DONE && ctx.channel().isOpen()) {
                failure = new TimeoutException("the upgrade did not finish within " + millis + " ms ("
                        + stage.description + ")");
                host.log().warn(label(ctx) + ": " + failure.getMessage() + "; closing the connection");
                ctx.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // A dial whose connect failed never becomes active: its timeout must not outlive the channel.
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        ChannelPipeline pipeline = ctx.pipeline();
        if (event instanceof SessionEvents.ProtocolSelected && stage == Stage.SECURITY_NEGOTIATION) {
            pipeline.addBefore(UPGRADE, "noise-frame-decoder", noiseFrameDecoder());
            pipeline.addBefore(UPGRADE, "noise-frame-encoder", noiseFrameEncoder());
            pipeline.addBefore(UPGRADE, "noise-handshake", new NoiseHandshakeHandler(host.identity(),
                    dialer ? NoiseXxHandshake.Role.INITIATOR : NoiseXxHandshake.Role.RESPONDER, expectedPeer,
                    host.random()));
            stage = Stage.NOISE_HANDSHAKE;
        } else if (event instanceof SessionEvents.Secured secured && stage == Stage.NOISE_HANDSHAKE) {
            remoteKey = secured.remoteKey();
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            ctx.channel().attr(ConnectionFailureHandler.LABEL).set((dialer ? "connection to " : "connection from ")
                    + remoteKey.peerId() + " at " + Multiaddr.tcp(remote.getAddress(), remote.getPort()));
            pipeline.addBefore(UPGRADE, "muxer-select", new MultistreamHandler(negotiation(dialer, YAMUX), "muxer"));
            stage = Stage.MUXER_NEGOTIATION;
        } else if (event instanceof SessionEvents.ProtocolSelected && stage == Stage.MUXER_NEGOTIATION) {
            Libp2pConnection connection = new Libp2pConnection(host, ctx.channel(), remoteKey, dialer);
            pipeline.addBefore(UPGRADE, "yamux-decoder", new YamuxFrameDecoder(host.settings().yamux().window()));
            pipeline.addBefore(UPGRADE, "yamux-encoder", new YamuxFrameEncoder());
            pipeline.addBefore(UPGRADE, "yamux-session", connection.session());
            stage = Stage.DONE;
            timeout.cancel(false);
            pipeline.remove(this);
            host.connectionUpgraded(connection, result);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stage != Stage.DONE) {
            timeout.cancel(false);
            Throwable reason = failure != null ? Failures.unwrap(failure)
                    : new StreamClosedException("the peer closed the connection while " + stage.description);
            host.failLater(result, reason);
        }
        ctx.fireChannelInactive();
    }

    private static String label(ChannelHandlerContext ctx) {
        return ctx.channel().attr(ConnectionFailureHandler.LABEL).get();
    }
}
