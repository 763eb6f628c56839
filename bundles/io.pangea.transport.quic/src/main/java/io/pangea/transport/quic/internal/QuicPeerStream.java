package io.pangea.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.pangea.api.transport.PeerStream;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A libp2p stream: one bidirectional QUIC stream, and the last handler of its channel.
 *
 * <p>Received bytes are copied into heap chunks of at least {@value #CHUNK} bytes (so a reader gets large pieces, not
 * one per QUIC frame) and queued; while more than {@code receiveBuffer} bytes wait for readers, the channel stops
 * reading, quiche stops granting the peer stream credit, and the peer's writes stall: back-pressure end to end.
 * Reads are served by {@link Intake}s in order. A write is copied into a direct buffer on the caller's thread and
 * completes once Netty has queued it and the stream is writable again (below its high water mark), which is how the
 * caller feels QUIC flow control. State is confined to the stream's event loop; futures complete on the host's
 * callback executor.
 */
final class QuicPeerStream extends ChannelInboundHandlerAdapter implements PeerStream {
    static final int CHUNK = 64 * 1024;
    /** The application error code of a stream this node resets. */
    static final int RESET_CODE = 1;

    private final QuicStreamChannel channel;
    private final Executor callbacks;
    private final int receiveBuffer;
    private final Supplier<String> connectionState;
    private final String label;
    private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
    private final ArrayDeque<Waiting<?>> waiting = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Void>> blockedWrites = new ArrayDeque<>();
    private long receivedBytes;
    private boolean inputEnded;
    private boolean outputClosed;
    private IOException failure;
    private volatile String protocol = "";

    private record Waiting<T>(Intake<T> intake, CompletableFuture<T> result) {
    }

    /**
     * @param connectionState why the connection is gone, or null while it is up: the reason a lost stream gives
     */
    QuicPeerStream(QuicStreamChannel channel, Executor callbacks, int receiveBuffer,
                   Supplier<String> connectionState, String connectionLabel) {
        this.channel = channel;
        this.callbacks = callbacks;
        this.receiveBuffer = receiveBuffer;
        this.connectionState = connectionState;
        this.label = connectionLabel + " stream " + channel.streamId();
    }

    @Override
    public String protocol() {
        return protocol;
    }

    void protocol(String selected) {
        this.protocol = selected;
    }

    String label() {
        return label;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    // ---- reading ----

    @Override
    public CompletionStage<ByteBuffer> read() {
        return take(Intake.chunk());
    }

    /** Runs {@code intake} after every earlier one; completes on the callback executor. */
    <T> CompletableFuture<T> take(Intake<T> intake) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<T> delivered = result.thenApplyAsync(value -> value, callbacks);
        onLoop(() -> {
            waiting.add(new Waiting<>(intake, result));
            serve();
        });
        return delivered;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            append(bytes);
        } finally {
            bytes.release();
        }
        if (receivedBytes > receiveBuffer) {
            channel.config().setAutoRead(false);
        }
        // Readers are served once the batch is in (channelReadComplete): a waiting reader then gets everything
        // this read cycle brought, coalesced into a chunk, instead of one small piece (and one thread hop) per
        // QUIC frame.
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        serve();
        ctx.fireChannelReadComplete();
    }

    private void append(ByteBuf bytes) {
        int length = bytes.readableBytes();
        ByteBuffer tail = received.peekLast();
        if (tail != null && tail.capacity() - tail.limit() >= length && tail.position() == 0) {
            int at = tail.limit();
            tail.limit(at + length);
            bytes.readBytes(tail.array(), tail.arrayOffset() + at, length);
        } else {
            ByteBuffer chunk = ByteBuffer.allocate(Math.max(CHUNK, length));
            bytes.readBytes(chunk.array(), chunk.arrayOffset(), length);
            chunk.limit(length);
            received.add(chunk);
        }
        receivedBytes += length;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputEnded = true;
            serve();
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Satisfies waiting intakes in order, as far as the received bytes (or the end, or a failure) allow. */
    private void serve() {
        while (!waiting.isEmpty()) {
            Waiting<?> next = waiting.peek();
            if (!attempt(next)) {
                break;
            }
            waiting.poll();
        }
        while (!received.isEmpty() && !received.peek().hasRemaining()) {
            received.poll();
        }
        if (!channel.config().isAutoRead() && receivedBytes <= receiveBuffer / 2 && !inputEnded) {
            channel.config().setAutoRead(true);
        }
    }

    private <T> boolean attempt(Waiting<T> next) {
        if (failure != null) {
            next.result().completeExceptionally(failure);
            return true;
        }
        try {
            long before = remaining();
            Optional<T> value = next.intake().take(received);
            receivedBytes -= before - remaining();
            if (value.isPresent()) {
                next.result().complete(value.get());
                return true;
            }
            if (inputEnded) {
                next.result().complete(next.intake().atEnd());
                return true;
            }
            return false;
        } catch (WireFormatException | IOException e) {
            next.result().completeExceptionally(e);
            return true;
        }
    }

    private long remaining() {
        long total = 0;
        for (ByteBuffer chunk : received) {
            total += chunk.remaining();
        }
        return total;
    }

    // ---- writing ----

    @Override
    public CompletionStage<Void> write(ByteBuffer data) {
        ByteBuf copy = channel.alloc().directBuffer(data.remaining());
        copy.writeBytes(data);
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        CompletableFuture<Void> delivered = accepted.thenApplyAsync(v -> v, callbacks);
        onLoop(() -> {
            IOException refused = failure != null ? failure
                    : outputClosed ? new StreamClosedException(label + " is closed for writing")
                    : !channel.isActive() ? lost(null) : null;
            if (refused != null) {
                copy.release();
                accepted.completeExceptionally(refused);
                return;
            }
            channel.writeAndFlush(copy).addListener(done -> {
                if (!done.isSuccess()) {
                    fail(lost(done.cause()));
                }
            });
            if (channel.isWritable()) {
                accepted.complete(null);
            } else {
                blockedWrites.add(accepted);
            }
        });
        return delivered;
    }

    /** Writes from the event loop itself (negotiation), without waiting for writability. */
    void send(byte[] bytes) {
        onLoop(() -> {
            if (failure == null && !outputClosed) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            }
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        while (channel.isWritable() && !blockedWrites.isEmpty()) {
            blockedWrites.poll().complete(null);
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Sends FIN after everything written so far: the FIN travels in order through the outbound buffer. */
    @Override
    public void closeWrite() {
        onLoop(() -> {
            if (!outputClosed && failure == null) {
                outputClosed = true;
                channel.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true));
            }
        });
    }

    /**
     * Resets both directions (RESET_STREAM and STOP_SENDING with {@value #RESET_CODE}): a plain close would look like a
     * clean end to the peer.
     */
    @Override
    public void close() {
        onLoop(() -> {
            fail(new StreamClosedException(label + " was closed"));
            if (channel.isActive()) {
                channel.shutdown(RESET_CODE).addListener(done -> channel.close());
            }
        });
    }

    /** Closes the stream after {@code millis} unless it has ended by then, so a silent peer cannot keep it. */
    void closeAfter(long millis) {
        channel.eventLoop().schedule(() -> {
            if (channel.isActive()) {
                channel.close();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    // ---- ending ----

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(lost(cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!inputEnded || !waiting.isEmpty() || !blockedWrites.isEmpty()) {
            fail(lost(null));
        }
        ctx.fireChannelInactive();
    }

    private IOException lost(Throwable cause) {
        if (cause instanceof QuicStreamResetException reset) {
            return new StreamClosedException(label + " was reset by the peer (code "
                    + reset.applicationProtocolCode() + ")");
        }
        String connection = connectionState.get();
        if (connection != null) {
            return new StreamClosedException(label + " lost: " + connection);
        }
        String why = cause == null ? "closed" : cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return new StreamClosedException(label + " ended: " + why);
    }

    private void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        serve();
        while (!blockedWrites.isEmpty()) {
            blockedWrites.poll().completeExceptionally(failure);
        }
        received.clear();
        receivedBytes = 0;
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            try {
                channel.eventLoop().execute(task);
            } catch (RejectedExecutionException e) {
                task.run(); // the loop is gone, so nothing runs concurrently: fail the call here
            }
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
