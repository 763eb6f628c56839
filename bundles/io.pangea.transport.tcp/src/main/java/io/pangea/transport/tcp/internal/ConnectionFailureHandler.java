package io.pangea.transport.tcp.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;

/**
 * The last handler of every connection: whatever failed above it (a malformed frame, a failed authentication, a
 * protocol violation, an I/O error) ends here as one log line naming the connection and the reason, and the
 * connection is closed. Nothing reaches Netty's default "unhandled exception" path, and other connections are not
 * affected.
 */
final class ConnectionFailureHandler extends ChannelInboundHandlerAdapter {
    /** How the connection is described in log lines; updated as the upgrade learns who the peer is. */
    static final AttributeKey<String> LABEL = AttributeKey.valueOf("pangea.tcp.connection");

    private final TransportLog log;

    ConnectionFailureHandler(TransportLog log) {
        this.log = log;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = Failures.unwrap(cause);
        String label = ctx.channel().attr(LABEL).get();
        String text = label + ": " + Failures.describe(reason) + "; closing the connection";
        if (reason instanceof WireFormatException || reason instanceof AuthenticationFailedException
                || reason instanceof YamuxProtocolException) {
            log.warn(text);
        } else if (reason instanceof IOException) {
            log.debug(text); // resets and broken pipes are everyday events
        } else {
            log.warn(text + " (" + reason + ")");
        }
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Nothing should arrive here; drop it rather than leak it.
        ReferenceCountUtil.release(msg);
    }
}
