package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.pangea.p2p.wire.WireFormatException;

import java.util.List;

/**
 * Cuts the secured byte stream into {@link YamuxFrame}s. A Data frame is emitted whole, so its length is checked
 * against {@code maxDataLength} (the largest receive window this side ever grants) as soon as the header is in, and
 * nothing is buffered for a frame that could never be accepted. After the first bad header the decoder discards
 * everything: the session is over.
 */
final class YamuxFrameDecoder extends ByteToMessageDecoder {
    private final int maxDataLength;
    private boolean failed;

    YamuxFrameDecoder(int maxDataLength) {
        this.maxDataLength = maxDataLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
            return;
        }
        int at = in.readerIndex();
        int version = in.getUnsignedByte(at);
        int type = in.getUnsignedByte(at + 1);
        int flags = in.getUnsignedShort(at + 2);
        int streamId = in.getInt(at + 4);
        long length = in.getUnsignedInt(at + 8);
        if (version != YamuxFrame.VERSION) {
            throw fail("yamux: unsupported version " + version);
        }
        if (type > YamuxFrame.TYPE_GO_AWAY) {
            throw fail("yamux: unknown frame type " + type);
        }
        if (type != YamuxFrame.TYPE_DATA) {
            in.skipBytes(YamuxFrame.HEADER_LENGTH);
            out.add(new YamuxFrame(type, flags, streamId, length, null));
            return;
        }
        if (length > maxDataLength) {
            throw fail("yamux: data frame of " + length + " bytes on stream " + Integer.toUnsignedString(streamId)
                    + " exceeds the limit of " + maxDataLength);
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + length) {
            return;
        }
        in.skipBytes(YamuxFrame.HEADER_LENGTH);
        out.add(new YamuxFrame(type, flags, streamId, length, in.readRetainedSlice((int) length)));
    }

    private WireFormatException fail(String reason) {
        failed = true;
        return new WireFormatException(reason);
    }
}
