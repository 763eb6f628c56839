package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Runs the libp2p Noise XX handshake over 2-byte length-prefixed frames (the decoder and prepender sit before this
 * handler): each frame is one handshake message, the second and third carry the {@link NoisePayload} that binds each
 * side's Noise static key to its identity. When the handshake is complete it replaces itself with a
 * {@link NoiseTransportHandler} holding the transport keys and fires {@link SessionEvents.Secured}.
 *
 * <p>The Noise static key is fresh for every connection: libp2p authenticates it through the identity signature,
 * so nothing is gained by keeping it.
 */
final class NoiseHandshakeHandler extends ChannelInboundHandlerAdapter {
    private final NodeIdentity identity;
    private final Optional<PeerId> expectedPeer;
    private final X25519.KeyPair staticKey;
    private final NoiseXxHandshake handshake;
    private boolean started;
    private IdentityKey remoteKey;

    /** @param expectedPeer the peer the initiator dialled, which the responder must prove to be */
    NoiseHandshakeHandler(NodeIdentity identity, NoiseXxHandshake.Role role, Optional<PeerId> expectedPeer,
                          SecureRandom random) {
        this.identity = identity;
        this.expectedPeer = expectedPeer;
        this.staticKey = X25519.generate(random);
        this.handshake = new NoiseXxHandshake(role, staticKey, new byte[0], null, random);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (!started) {
            started = true;
            if (handshake.isWriteTurn()) {
                send(ctx, handshake.writeMessage(new byte[0]));
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        byte[] message;
        try {
            message = ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
        byte[] payload = handshake.readMessage(message);
        if (handshake.role() == NoiseXxHandshake.Role.RESPONDER) {
            if (!handshake.isComplete()) {
                // Message 1 carries no payload in libp2p; whatever is there is ignored.
                send(ctx, handshake.writeMessage(NoisePayload.create(identity, staticKey.publicKey())));
                return;
            }
            remoteKey = NoisePayload.verify(payload, handshake.remoteStaticKey(), Optional.empty());
        } else {
            remoteKey = NoisePayload.verify(payload, handshake.remoteStaticKey(), expectedPeer);
            send(ctx, handshake.writeMessage(NoisePayload.create(identity, staticKey.publicKey())));
        }
        NoiseXxHandshake.TransportKeys keys = handshake.split();
        ctx.pipeline().replace(this, ConnectionUpgrader.NOISE_TRANSPORT, new NoiseTransportHandler(keys));
        ctx.fireUserEventTriggered(new SessionEvents.Secured(remoteKey));
    }

    private static void send(ChannelHandlerContext ctx, byte[] message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(message));
    }
}
