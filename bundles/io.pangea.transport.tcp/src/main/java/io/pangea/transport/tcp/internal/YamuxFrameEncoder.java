package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/** Writes {@link YamuxFrame}s: the header, then the payload of a Data frame without copying it. */
final class YamuxFrameEncoder extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof YamuxFrame frame)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
        header.writeByte(YamuxFrame.VERSION)
                .writeByte(frame.type())
                .writeShort(frame.flags())
                .writeInt(frame.streamId())
                .writeInt((int) frame.length());
        ctx.write(frame.data() == null ? header : Unpooled.wrappedBuffer(header, frame.data()), promise);
    }
}
