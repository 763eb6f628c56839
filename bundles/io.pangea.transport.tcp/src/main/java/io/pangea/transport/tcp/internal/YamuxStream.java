package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.EventExecutor;
import io.pangea.api.transport.PeerStream;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One Yamux stream, with both directions of flow control.
 *
 * <p>Receiving: the peer may send at most the receive window; bytes wait here until {@link #read()} takes them, and
 * only taken bytes are granted back (a WindowUpdate once half the window has been consumed), so a reader that does
 * not read holds at most one window of this stream in memory. Sending: {@link #write} queues a copy, and the queue is
 * drained into Data frames only while the peer's window is open and the channel is writable; the write's future
 * completes when its last byte has been framed. A writer that waits for each write before the next therefore has at
 * most one window in flight plus one write queued.
 *
 * <p>All state is confined to the connection's event loop; the {@link PeerStream} methods hop onto it from any
 * thread. Futures complete on the transport's callback executor, never on the event loop, so a callback may block
 * briefly without stalling the connection.
 */
final class YamuxStream implements PeerStream {
    /** Data frames are cut at this size (and the Noise layer cuts again at its 64 KiB frame). */
    static final int MAX_FRAME_PAYLOAD = 64 * 1024;
    private static final ByteBuffer END_OF_STREAM = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private record PendingWrite(ByteBuf data, CompletableFuture<Void> done) {
    }

    private final YamuxSession session;
    private final int id;
    private final boolean outbound;
    private final int window;
    private final EventExecutor loop;
    private final Executor callbacks;
    private volatile String protocol = "";

    // Receiving.
    /** Copies on the heap: unread data never pins the connection's pooled buffers. */
    private final ArrayDeque<ByteBuffer> received = new ArrayDeque<>();
    private ByteBuffer unread;
    private final ArrayDeque<CompletableFuture<ByteBuffer>> readers = new ArrayDeque<>();
    private long receiveWindow;
    private long consumedNotGranted;
    private boolean remoteFinished;
    private volatile long bufferedBytes;

    // Sending.
    private final ArrayDeque<PendingWrite> writes = new ArrayDeque<>();
    private long sendWindow;
    private boolean writeClosed;
    private boolean finSent;
    private volatile long queuedBytes;
    private volatile long bytesSent;
    private volatile long windowGranted;

    private Throwable failure;
    private boolean closedLocally;
    private boolean removed;

    YamuxStream(YamuxSession session, int id, boolean outbound, int window, EventExecutor loop, Executor callbacks) {
        this.session = session;
        this.id = id;
        this.outbound = outbound;
        this.window = window;
        this.loop = loop;
        this.callbacks = callbacks;
        this.receiveWindow = window;
        this.sendWindow = window;
        this.windowGranted = window;
    }

    int id() {
        return id;
    }

    boolean isOutbound() {
        return outbound;
    }

    YamuxSession session() {
        return session;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    void protocol(String negotiated) {
        this.protocol = negotiated;
    }

    /** Bytes accepted by {@link #write} and not yet framed. */
    long queuedBytes() {
        return queuedBytes;
    }

    /** Bytes framed and handed to the connection so far. */
    long bytesSent() {
        return bytesSent;
    }

    /** The initial window plus every window update received: {@link #bytesSent()} never exceeds it. */
    long windowGranted() {
        return windowGranted;
    }

    /** Bytes received and not yet read. */
    long bufferedBytes() {
        return bufferedBytes;
    }

    /** Takes a copy of the remaining bytes at once; the buffer's position is not moved. */
    @Override
    public CompletionStage<Void> write(ByteBuffer data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        if (!onLoop(() -> enqueue(Unpooled.wrappedBuffer(copy), done))) {
            done.completeExceptionally(shutDown());
        }
        return done;
    }

    @Override
    public CompletionStage<ByteBuffer> read() {
        CompletableFuture<ByteBuffer> next = new CompletableFuture<>();
        if (!onLoop(() -> {
            readers.add(next);
            serveReaders();
        })) {
            next.completeExceptionally(shutDown());
        }
        return next;
    }

    @Override
    public void closeWrite() {
        onLoop(() -> {
            if (writeClosed || failure != null) {
                return;
            }
            writeClosed = true;
            pump();
        });
    }

    @Override
    public void close() {
        onLoop(() -> abort(new StreamClosedException("stream " + id + " was closed"), true, true));
    }

    /** Puts bytes a negotiation read past its last message back in front of the stream. */
    void unread(ByteBuffer leftover) {
        if (!leftover.hasRemaining()) {
            return;
        }
        onLoop(() -> {
            if (failure != null) {
                return;
            }
            if (unread == null || !unread.hasRemaining()) {
                unread = leftover;
            } else {
                ByteBuffer joined = ByteBuffer.allocate(leftover.remaining() + unread.remaining());
                joined.put(leftover).put(unread).flip();
                unread = joined;
            }
            serveReaders();
        });
    }

    // ---- called by the session, on the event loop ----

    /** A Data frame's payload; this stream takes ownership of {@code data}. */
    void onData(ByteBuf data) {
        int n = data.readableBytes();
        if (remoteFinished && n > 0) {
            data.release();
            throw new YamuxProtocolException("stream " + id + " received data after the peer closed it (FIN)");
        }
        if (n > receiveWindow) {
            data.release();
            throw new YamuxProtocolException("stream " + id + " received " + n + " bytes with a receive window of "
                    + receiveWindow + " (the peer ignores flow control)");
        }
        receiveWindow -= n;
        if (failure != null || n == 0) {
            data.release();
            return;
        }
        byte[] copy = new byte[n];
        data.readBytes(copy);
        data.release();
        received.add(ByteBuffer.wrap(copy));
        bufferedBytes += n;
        serveReaders();
    }

    void onWindowUpdate(long delta) {
        sendWindow += delta;
        windowGranted += delta;
        pump();
    }

    void onRemoteFinished() {
        if (remoteFinished) {
            return;
        }
        remoteFinished = true;
        serveReaders();
        removeIfDone();
    }

    void onRemoteReset() {
        abort(new StreamClosedException("stream " + id + " was reset by the peer"), false, false);
    }

    void onConnectionClosed(String reason) {
        abort(new StreamClosedException("stream " + id + ": " + reason), false, false);
    }

    /** Sends what the window and the channel allow. */
    void pump() {
        boolean wrote = false;
        while (!writes.isEmpty() && sendWindow > 0 && session.isWritable()) {
            PendingWrite next = writes.peek();
            int n = (int) Math.min(Math.min(next.data.readableBytes(), sendWindow), MAX_FRAME_PAYLOAD);
            session.write(YamuxFrame.data(0, id, next.data.readRetainedSlice(n)));
            sendWindow -= n;
            bytesSent += n;
            queuedBytes -= n;
            wrote = true;
            if (!next.data.isReadable()) {
                writes.poll();
                next.data.release();
                complete(next.done, null);
            }
        }
        if (writes.isEmpty() && writeClosed && !finSent && failure == null) {
            session.write(YamuxFrame.windowUpdate(YamuxFrame.FLAG_FIN, id, 0));
            finSent = true;
            wrote = true;
            removeIfDone();
        }
        if (wrote) {
            session.flush();
        }
    }

    boolean hasPendingWrites() {
        return !writes.isEmpty();
    }

    // ---- internals ----

    private void enqueue(ByteBuf data, CompletableFuture<Void> done) {
        if (failure != null) {
            data.release();
            fail(done, failure);
            return;
        }
        if (writeClosed) {
            data.release();
            fail(done, new StreamClosedException("stream " + id + " is closed for writing"));
            return;
        }
        if (!data.isReadable()) {
            data.release();
            complete(done, null);
            return;
        }
        writes.add(new PendingWrite(data, done));
        queuedBytes += data.readableBytes();
        pump();
    }

    private void serveReaders() {
        while (!readers.isEmpty()) {
            ByteBuffer chunk = takeChunk();
            if (chunk != null) {
                complete(readers.poll(), chunk);
            } else if (remoteFinished && !closedLocally) {
                complete(readers.poll(), END_OF_STREAM);
            } else if (failure != null) {
                fail(readers.poll(), failure);
            } else {
                return;
            }
        }
    }

    private ByteBuffer takeChunk() {
        if (unread != null && unread.hasRemaining()) {
            ByteBuffer chunk = unread;
            unread = null;
            return chunk;
        }
        ByteBuffer next = received.poll();
        if (next == null) {
            return null;
        }
        int n = next.remaining();
        bufferedBytes -= n;
        grant(n);
        return next;
    }

    /** Gives consumed bytes back to the peer, half a window at a time. */
    private void grant(int consumed) {
        if (remoteFinished || failure != null) {
            return;
        }
        consumedNotGranted += consumed;
        if (consumedNotGranted >= window / 2) {
            session.write(YamuxFrame.windowUpdate(0, id, consumedNotGranted));
            receiveWindow += consumedNotGranted;
            consumedNotGranted = 0;
            session.flush();
        }
    }

    private void abort(Throwable cause, boolean discardReceived, boolean sendReset) {
        if (failure != null) {
            return;
        }
        failure = cause;
        if (sendReset && !(finSent && remoteFinished) && !removed) {
            session.write(YamuxFrame.windowUpdate(YamuxFrame.FLAG_RST, id, 0));
            session.flush();
        }
        for (PendingWrite w; (w = writes.poll()) != null; ) {
            queuedBytes -= w.data.readableBytes();
            w.data.release();
            fail(w.done, cause);
        }
        if (discardReceived) {
            received.clear();
            bufferedBytes = 0;
            unread = null;
            closedLocally = true; // reads after a local close fail rather than see a clean end
        }
        serveReaders();
        remove();
    }

    private void removeIfDone() {
        if (finSent && remoteFinished) {
            remove();
        }
    }

    private void remove() {
        if (!removed) {
            removed = true;
            session.removed(this);
        }
    }

    /** Runs {@code task} on the event loop; false if the loop is shut down (and so is the connection). */
    private boolean onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return true;
        }
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private StreamClosedException shutDown() {
        return new StreamClosedException("stream " + id + ": the transport is shut down");
    }

    private <T> void complete(CompletableFuture<T> future, T value) {
        try {
            callbacks.execute(() -> future.complete(value));
        } catch (RejectedExecutionException e) {
            future.complete(value);
        }
    }

    private void fail(CompletableFuture<?> future, Throwable cause) {
        try {
            callbacks.execute(() -> future.completeExceptionally(cause));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(cause);
        }
    }

    @Override
    public String toString() {
        return "YamuxStream[" + id + (protocol.isEmpty() ? "" : ", " + protocol) + "]";
    }
}
