package io.pangea.transport.tcp.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Yamux session of one connection: routes {@link YamuxFrame}s to their {@link YamuxStream}s, opens and accepts
 * streams (odd ids for the dialer, even for the listener), answers pings and sends its own as keepalive, and ends
 * with a GoAway. Every frame that breaks the protocol ends the session with a protocol-error GoAway and a log line.
 *
 * <p>All state is confined to the channel's event loop.
 */
final class YamuxSession extends ChannelInboundHandlerAdapter {
    /**
     * @param window             the initial (and, here, only) receive window of a stream; the specification's 256 KiB
     * @param maxInboundStreams  streams the peer may have open at once; more are reset
     * @param keepAliveInterval  how often to ping an idle session; zero for never
     */
    record Settings(int window, int maxInboundStreams, Duration keepAliveInterval) {
        static final int DEFAULT_WINDOW = 256 * 1024;

        static Settings defaults() {
            return new Settings(DEFAULT_WINDOW, 256, Duration.ofSeconds(15));
        }
    }

    /** What the session tells its connection; called on the event loop. */
    interface Listener {
        void inboundStream(YamuxStream stream);

        void closed();
    }

    private final boolean dialer;
    private final Settings settings;
    private final Executor callbacks;
    private final TransportLog log;
    private final String label;
    private final Listener listener;
    private final Map<Integer, YamuxStream> streams = new HashMap<>();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private int nextStreamId;
    private int inboundStreams;
    private boolean goAwayReceived;
    private boolean goAwaySent;
    private boolean closed;
    private boolean failed;
    private ScheduledFuture<?> keepAlive;
    private long pingOpaque;
    private long pingSentAt = -1;
    private int unansweredTicks;
    private volatile long roundTripNanos = -1;

    YamuxSession(boolean dialer, Settings settings, Executor callbacks, TransportLog log, String label,
                 Listener listener) {
        this.dialer = dialer;
        this.settings = settings;
        this.callbacks = callbacks;
        this.log = log;
        this.label = label;
        this.listener = listener;
        this.nextStreamId = dialer ? 1 : 2;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long interval = settings.keepAliveInterval().toMillis();
        if (interval > 0) {
            keepAlive = ctx.executor().scheduleAtFixedRate(this::keepAlive, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** Opens an outbound stream (a WindowUpdate with SYN); completes on the callback executor. */
    CompletableFuture<YamuxStream> openStream() {
        CompletableFuture<YamuxStream> opened = new CompletableFuture<>();
        if (ctx.executor().isShuttingDown()) {
            opened.completeExceptionally(new StreamClosedException(label + " is closed"));
            return opened;
        }
        ctx.executor().execute(() -> {
            if (closed || goAwaySent || goAwayReceived) {
                failLater(opened, new StreamClosedException(label + " is closing; no new streams"));
                return;
            }
            if (nextStreamId < 0) {
                failLater(opened, new StreamClosedException(label + " has used all its stream ids"));
                return;
            }
            int id = nextStreamId;
            nextStreamId += 2;
            YamuxStream stream = new YamuxStream(this, id, true, settings.window(), ctx.executor(), callbacks);
            streams.put(id, stream);
            write(YamuxFrame.windowUpdate(YamuxFrame.FLAG_SYN, id, 0));
            flush();
            callbacks.execute(() -> opened.complete(stream));
        });
        return opened;
    }

    /** Ends the session politely: GoAway, then close. Any thread. */
    void close() {
        try {
            ctx.executor().execute(() -> {
                if (!closed) {
                    goAway(YamuxFrame.GO_AWAY_NORMAL);
                    ctx.close();
                }
            });
        } catch (RejectedExecutionException e) {
            // The event loop is gone, and the channel with it.
        }
    }

    CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** The last keepalive round trip, or -1 before the first answer. */
    long roundTripNanos() {
        return roundTripNanos;
    }

    boolean isDialer() {
        return dialer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof YamuxFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            release(frame);
            return;
        }
        try {
            handle(frame);
        } catch (YamuxProtocolException e) {
            protocolError(e.getMessage());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            for (YamuxStream stream : new ArrayList<>(streams.values())) {
                if (stream.hasPendingWrites()) {
                    stream.pump();
                }
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A frame the decoder rejected: tell the peer why before the failure handler closes the connection.
        if (ctx.channel().isActive()) {
            goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        for (YamuxStream stream : new ArrayList<>(streams.values())) {
            stream.onConnectionClosed("the connection closed");
        }
        streams.clear();
        listener.closed();
        closeFuture.complete(null);
        ctx.fireChannelInactive();
    }

    // ---- used by streams, on the event loop ----

    boolean isWritable() {
        return ctx.channel().isWritable();
    }

    void write(YamuxFrame frame) {
        ctx.write(frame, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    void removed(YamuxStream stream) {
        if (streams.remove(stream.id(), stream) && !stream.isOutbound()) {
            inboundStreams--;
        }
    }

    int openStreams() {
        return streams.size();
    }

    // ---- frames ----

    private void handle(YamuxFrame frame) {
        switch (frame.type()) {
            case YamuxFrame.TYPE_PING -> {
                requireSessionFrame(frame);
                if (frame.has(YamuxFrame.FLAG_SYN)) {
                    write(YamuxFrame.ping(YamuxFrame.FLAG_ACK, frame.length()));
                } else if (frame.has(YamuxFrame.FLAG_ACK)) {
                    pong(frame.length());
                }
            }
            case YamuxFrame.TYPE_GO_AWAY -> {
                requireSessionFrame(frame);
                goAwayReceived = true;
                log.debug(label + ": the peer is going away (" + goAwayReason(frame.length()) + ")");
            }
            default -> streamFrame(frame);
        }
    }

    private void streamFrame(YamuxFrame frame) {
        int id = frame.streamId();
        if (id == 0) {
            release(frame);
            throw new YamuxProtocolException(YamuxFrame.typeName(frame.type()) + " frame on stream 0");
        }
        YamuxStream stream = streams.get(id);
        if (frame.has(YamuxFrame.FLAG_SYN)) {
            if (stream != null) {
                release(frame);
                throw new YamuxProtocolException("SYN for stream " + id + ", which is already open");
            }
            if (((id & 1) == 1) == dialer) {
                release(frame);
                throw new YamuxProtocolException("the peer opened stream " + Integer.toUnsignedString(id)
                        + ", an id of this side's parity");
            }
            if (closed || goAwaySent || inboundStreams >= settings.maxInboundStreams()) {
                release(frame);
                write(YamuxFrame.windowUpdate(YamuxFrame.FLAG_RST, id, 0));
                log.debug(label + ": refused stream " + id + " (" + inboundStreams + " inbound streams open)");
                return;
            }
            stream = new YamuxStream(this, id, false, settings.window(), ctx.executor(), callbacks);
            streams.put(id, stream);
            inboundStreams++;
            write(YamuxFrame.windowUpdate(YamuxFrame.FLAG_ACK, id, 0));
            apply(stream, frame);
            listener.inboundStream(stream);
            return;
        }
        if (stream == null) {
            // A stream this side already reset or finished: late frames are dropped.
            release(frame);
            return;
        }
        apply(stream, frame);
    }

    private static void apply(YamuxStream stream, YamuxFrame frame) {
        if (frame.type() == YamuxFrame.TYPE_DATA) {
            stream.onData(frame.data());
        } else {
            stream.onWindowUpdate(frame.length());
        }
        if (frame.has(YamuxFrame.FLAG_FIN)) {
            stream.onRemoteFinished();
        }
        if (frame.has(YamuxFrame.FLAG_RST)) {
            stream.onRemoteReset();
        }
    }

    private static void requireSessionFrame(YamuxFrame frame) {
        if (frame.streamId() != 0) {
            throw new YamuxProtocolException(YamuxFrame.typeName(frame.type()) + " frame on stream "
                    + Integer.toUnsignedString(frame.streamId()) + ", must be on stream 0");
        }
    }

    private void protocolError(String reason) {
        failed = true;
        log.warn(label + ": yamux protocol error: " + reason + "; closing the connection");
        goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
        ctx.close();
    }

    private void goAway(int code) {
        if (!goAwaySent) {
            goAwaySent = true;
            ctx.writeAndFlush(YamuxFrame.goAway(code), ctx.voidPromise());
        }
    }

    /**
     * One keepalive tick: sends a ping, or, if the last one is still unanswered a full interval later, gives the
     * peer one more interval and then closes the connection.
     */
    private void keepAlive() {
        if (closed) {
            return;
        }
        if (pingSentAt >= 0) {
            if (++unansweredTicks >= 2) {
                log.warn(label + ": no answer to a keepalive ping for " + unansweredTicks + " intervals of "
                        + settings.keepAliveInterval().toSeconds() + " s; closing the connection");
                ctx.close();
            }
            return;
        }
        pingOpaque = (pingOpaque + 1) & 0xFFFF_FFFFL;
        pingSentAt = System.nanoTime();
        unansweredTicks = 0;
        write(YamuxFrame.ping(YamuxFrame.FLAG_SYN, pingOpaque));
        flush();
    }

    private void pong(long opaque) {
        if (pingSentAt >= 0 && opaque == pingOpaque) {
            roundTripNanos = System.nanoTime() - pingSentAt;
            pingSentAt = -1;
        }
    }

    private void failLater(CompletableFuture<?> future, Throwable cause) {
        callbacks.execute(() -> future.completeExceptionally(cause));
    }

    private static void release(YamuxFrame frame) {
        ReferenceCountUtil.release(frame.data());
    }

    private static String goAwayReason(long code) {
        return switch ((int) code) {
            case YamuxFrame.GO_AWAY_NORMAL -> "normal termination";
            case YamuxFrame.GO_AWAY_PROTOCOL_ERROR -> "protocol error";
            case YamuxFrame.GO_AWAY_INTERNAL_ERROR -> "internal error";
            default -> "code " + code;
        };
    }
}
