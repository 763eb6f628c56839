package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CoalescingBufferQueue;
import io.pangea.p2p.wire.WireFormatException;

/**
 * The Noise transport phase: decrypts each inbound frame, and encrypts outbound bytes into frames of at most
 * 65535 bytes (65519 of plaintext and the 16-byte tag). Outbound writes are gathered until a flush, so many small
 * writes (Yamux headers, window updates) cost one frame rather than one each.
 */
final class NoiseTransportHandler extends ChannelDuplexHandler {
    static final int MAX_FRAME_LENGTH = 65535;
    static final int MAX_PLAINTEXT = MAX_FRAME_LENGTH - NoiseCipherState.TAG_LENGTH;
    private static final byte[] NO_AD = new byte[0];

    private final NoiseCipherState sender;
    private final NoiseCipherState receiver;
    private CoalescingBufferQueue pending;

    NoiseTransportHandler(NoiseXxHandshake.TransportKeys keys) {
        this.sender = keys.sender();
        this.receiver = keys.receiver();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pending = new CoalescingBufferQueue(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf plaintext;
        try {
            int length = frame.readableBytes();
            if (length < NoiseCipherState.TAG_LENGTH) {
                throw new WireFormatException("Noise transport frame of " + length + " bytes is shorter than its "
                        + NoiseCipherState.TAG_LENGTH + "-byte tag");
            }
            byte[] ciphertext = ByteBufUtil.getBytes(frame);
            plaintext = ctx.alloc().heapBuffer(length - NoiseCipherState.TAG_LENGTH);
            try {
                int n = receiver.decryptWithAd(NO_AD, ciphertext, 0, length, plaintext.array(),
                        plaintext.arrayOffset());
                plaintext.writerIndex(n);
            } catch (RuntimeException e) {
                plaintext.release();
                throw e;
            }
        } finally {
            frame.release();
        }
        if (plaintext.isReadable()) {
            ctx.fireChannelRead(plaintext);
        } else {
            plaintext.release();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            pending.add(bytes, promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        while (!pending.isEmpty()) {
            ChannelPromise framePromise = ctx.newPromise();
            ByteBuf chunk = pending.remove(ctx.alloc(), MAX_PLAINTEXT, framePromise);
            try {
                int length = chunk.readableBytes();
                byte[] plaintext = ByteBufUtil.getBytes(chunk);
                ByteBuf frame = ctx.alloc().heapBuffer(length + NoiseCipherState.TAG_LENGTH);
                int n = sender.encryptWithAd(NO_AD, plaintext, 0, length, frame.array(), frame.arrayOffset());
                frame.writerIndex(n);
                ctx.write(frame, framePromise);
            } finally {
                chunk.release();
            }
        }
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pending.releaseAndFailAll(new StreamClosedException("the secured channel is gone"));
        sender.destroy();
        receiver.destroy();
    }
}
