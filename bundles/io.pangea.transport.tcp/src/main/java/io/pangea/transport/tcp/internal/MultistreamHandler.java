package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.pangea.p2p.wire.MultistreamSelect;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;

/**
 * Negotiates one protocol for the whole channel with multistream-select (the security protocol on the raw TCP
 * connection, the muxer inside the secured one), then steps aside: it fires {@link SessionEvents.ProtocolSelected},
 * passes on whatever bytes followed the last negotiation message, and removes itself.
 */
final class MultistreamHandler extends ChannelInboundHandlerAdapter {
    private final MultistreamSelect negotiation;
    private final String purpose;
    private boolean started;

    /** @param purpose what is negotiated, for messages ("security", "muxer") */
    MultistreamHandler(MultistreamSelect negotiation, String purpose) {
        this.negotiation = negotiation;
        this.purpose = purpose;
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
            sendOutbound(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            ByteBuffer view = in.nioBuffer();
            int before = view.position();
            negotiation.receive(view);
            in.skipBytes(view.position() - before);
        } catch (WireFormatException e) {
            in.release();
            throw new WireFormatException(purpose + " negotiation: " + e.getMessage(), e);
        }
        sendOutbound(ctx);
        switch (negotiation.state()) {
            case NEGOTIATING -> in.release();
            case FAILED -> {
                in.release();
                throw new WireFormatException(purpose + " negotiation failed: "
                        + negotiation.failureReason().orElse("no common protocol"));
            }
            case SELECTED -> {
                ctx.fireUserEventTriggered(new SessionEvents.ProtocolSelected(negotiation.selected().orElseThrow()));
                ctx.pipeline().remove(this);
                if (in.isReadable()) {
                    ctx.fireChannelRead(in);
                } else {
                    in.release();
                }
            }
        }
    }

    private void sendOutbound(ChannelHandlerContext ctx) {
        if (negotiation.hasOutbound()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(negotiation.takeOutbound()));
        }
    }
}
