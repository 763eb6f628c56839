package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Yamux between two embedded channels: flow control, stream lifecycle, pings and protocol violations. */
class YamuxSessionTest {
    private static final int WINDOW = YamuxSession.Settings.DEFAULT_WINDOW;

    private final RecordingLog leftLog = new RecordingLog("dialer");
    private final RecordingLog rightLog = new RecordingLog("listener");
    private final List<YamuxStream> accepted = new ArrayList<>();
    private YamuxSession dialer;
    private YamuxSession listener;

    private EmbeddedPair pair(int maxInboundStreams) {
        YamuxSession.Settings settings = new YamuxSession.Settings(WINDOW, maxInboundStreams, Duration.ZERO);
        return new EmbeddedPair(() -> {
            dialer = new YamuxSession(true, settings, Runnable::run, leftLog, "dialer", listener(null));
            return handlers(dialer, leftLog);
        }, () -> {
            listener = new YamuxSession(false, settings, Runnable::run, rightLog, "listener", listener(accepted));
            return handlers(listener, rightLog);
        });
    }

    private static ChannelHandler[] handlers(YamuxSession session, TransportLog log) {
        return new ChannelHandler[] {new YamuxFrameDecoder(WINDOW), new YamuxFrameEncoder(), session,
                new ConnectionFailureHandler(log)};
    }

    private static YamuxSession.Listener listener(List<YamuxStream> accepted) {
        return new YamuxSession.Listener() {
            @Override
            public void inboundStream(YamuxStream stream) {
                if (accepted != null) {
                    accepted.add(stream);
                }
            }

            @Override
            public void closed() {
            }
        };
    }

    private static <T> T done(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertThat(future).isDone();
        return future.join();
    }

    private YamuxStream open(EmbeddedPair pair) {
        CompletableFuture<YamuxStream> opened = dialer.openStream();
        pair.shuttle();
        return done(opened);
    }

    @Test
    void dialerUsesOddIdsAndTheListenerAcceptsThem() {
        EmbeddedPair pair = pair(16);
        YamuxStream first = open(pair);
        YamuxStream second = open(pair);
        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(3);
        assertThat(accepted).extracting(YamuxStream::id).containsExactly(1, 3);
    }

    @Test
    void senderNeverExceedsTheWindowAndResumesAsTheReaderConsumes() {
        EmbeddedPair pair = pair(16);
        YamuxStream sender = open(pair);
        byte[] data = new byte[4 * WINDOW];
        new java.util.Random(1).nextBytes(data);
        CompletableFuture<Void> written = sender.write(ByteBuffer.wrap(data)).toCompletableFuture();
        pair.shuttle();

        YamuxStream receiver = accepted.get(0);
        assertThat(written).isNotDone();
        assertThat(sender.bytesSent()).isEqualTo(WINDOW);
        assertThat(sender.windowGranted()).isEqualTo(WINDOW);
        assertThat(sender.queuedBytes()).isEqualTo(3L * WINDOW);
        assertThat(receiver.bufferedBytes()).isEqualTo(WINDOW);

        ByteBuffer received = ByteBuffer.allocate(data.length);
        while (received.hasRemaining()) {
            CompletableFuture<ByteBuffer> read = receiver.read().toCompletableFuture();
            pair.shuttle();
            received.put(done(read));
            // Whatever the reader has not consumed, the sender has not been allowed to send beyond.
            assertThat(sender.bytesSent() - received.position()).isLessThanOrEqualTo(WINDOW);
            assertThat(sender.bytesSent()).isLessThanOrEqualTo(sender.windowGranted());
        }
        assertThat(written).isDone();
        assertThat(received.array()).isEqualTo(data);
    }

    @Test
    void halfCloseDeliversEndOfStreamAndBothFinsForgetTheStream() {
        EmbeddedPair pair = pair(16);
        YamuxStream a = open(pair);
        YamuxStream b = accepted.get(0);
        a.write(ByteBuffer.wrap("ping".getBytes()));
        a.closeWrite();
        pair.shuttle();
        assertThat(new String(done(b.read()).array())).isEqualTo("ping");
        assertThat(done(b.read()).hasRemaining()).isFalse();
        // The other direction still works after the half-close.
        b.write(ByteBuffer.wrap("pong".getBytes()));
        b.closeWrite();
        pair.shuttle();
        assertThat(new String(done(a.read()).array())).isEqualTo("pong");
        assertThat(done(a.read()).hasRemaining()).isFalse();
        assertThat(dialer.openStreams()).isZero();
        assertThat(listener.openStreams()).isZero();
        assertThat(done(a.write(ByteBuffer.wrap(new byte[1])).exceptionally(e -> null))).isNull();
    }

    @Test
    void resetFailsPendingReadsAndWritesOnTheOtherSide() {
        EmbeddedPair pair = pair(16);
        YamuxStream a = open(pair);
        YamuxStream b = accepted.get(0);
        CompletableFuture<ByteBuffer> pendingRead = b.read().toCompletableFuture();
        a.close();
        pair.shuttle();
        assertThat(pendingRead).isCompletedExceptionally();
        assertThat(pendingRead.handle((v, e) -> Failures.describe(e)).join()).contains("reset by the peer");
        assertThat(b.write(ByteBuffer.wrap(new byte[1])).toCompletableFuture()).isCompletedExceptionally();
        assertThat(listener.openStreams()).isZero();
    }

    @Test
    void answersPings() {
        EmbeddedPair pair = pair(16);
        pair.right.writeInbound(header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 77));
        ByteBuf answer = pair.right.readOutbound();
        assertThat(answer.getUnsignedByte(1)).isEqualTo((short) YamuxFrame.TYPE_PING);
        assertThat(answer.getUnsignedShort(2)).isEqualTo(YamuxFrame.FLAG_ACK);
        assertThat(answer.getUnsignedInt(8)).isEqualTo(77);
        answer.release();
    }

    @Test
    void keepalivePingsMeasureTheRoundTripAndASilentPeerIsDropped() throws Exception {
        RecordingLog log = new RecordingLog("keepalive");
        YamuxSession session = new YamuxSession(true, new YamuxSession.Settings(WINDOW, 16, Duration.ofSeconds(15)),
                Runnable::run, log, "keepalive", listener(null));
        EmbeddedChannel channel = new EmbeddedChannel(handlers(session, log));
        channel.advanceTimeBy(15, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        ByteBuf ping = channel.readOutbound();
        assertThat(ping.getUnsignedByte(1)).isEqualTo((short) YamuxFrame.TYPE_PING);
        assertThat(ping.getUnsignedShort(2)).isEqualTo(YamuxFrame.FLAG_SYN);
        long opaque = ping.getUnsignedInt(8);
        ping.release();
        channel.writeInbound(header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, opaque));
        assertThat(session.roundTripNanos()).isNotNegative();

        // The next ping goes unanswered: after two more intervals the connection is closed.
        for (int tick = 0; tick < 3; tick++) {
            channel.advanceTimeBy(15, java.util.concurrent.TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
        }
        assertThat(log.await(Duration.ofSeconds(1), "no answer to a keepalive ping")).startsWith("WARN");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesStreamsBeyondTheLimit() {
        EmbeddedPair pair = pair(2);
        open(pair);
        open(pair);
        YamuxStream third = open(pair);
        CompletableFuture<ByteBuffer> read = third.read().toCompletableFuture();
        pair.shuttle();
        assertThat(read).isCompletedExceptionally();
        assertThat(accepted).hasSize(2);
        assertThat(pair.right.isOpen()).isTrue();
    }

    @Test
    void dataBeyondTheWindowIsAProtocolError() throws Exception {
        EmbeddedPair pair = pair(16);
        EmbeddedChannel listenerChannel = pair.right;
        listenerChannel.writeInbound(data(YamuxFrame.FLAG_SYN, 1, WINDOW));
        assertThat(listenerChannel.isOpen()).isTrue();
        listenerChannel.writeInbound(data(0, 1, 1));
        assertThat(rightLog.await(Duration.ofSeconds(1), "yamux protocol error", "ignores flow control"))
                .startsWith("WARN listener");
        assertThat(listenerChannel.isOpen()).isFalse();
        assertGoAway(listenerChannel, YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
        assertThatCode(listenerChannel::checkException).doesNotThrowAnyException();
    }

    @Test
    void protocolViolationsCloseTheSessionWithALogLine() throws Exception {
        record Case(ByteBuf frame, String reason) {
        }
        List<Case> cases = List.of(
                new Case(header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2, 0), "of this side's parity"),
                new Case(header(YamuxFrame.TYPE_DATA, 0, 0, 0), "Data frame on stream 0"),
                new Case(header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 5, 1), "must be on stream 0"),
                new Case(Unpooled.wrappedBuffer(header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0),
                        header(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0)), "already open"),
                new Case(Unpooled.wrappedBuffer(data(YamuxFrame.FLAG_SYN | YamuxFrame.FLAG_FIN, 1, 4), data(0, 1, 4)),
                        "after the peer closed it"));
        for (Case c : cases) {
            accepted.clear();
            RecordingLog log = new RecordingLog("case");
            YamuxSession session = new YamuxSession(false, new YamuxSession.Settings(WINDOW, 16, Duration.ZERO),
                    Runnable::run, log, "listener", listener(accepted));
            EmbeddedChannel channel = new EmbeddedChannel(handlers(session, log));
            channel.writeInbound(c.frame());
            assertThat(log.await(Duration.ofSeconds(1), "yamux protocol error", c.reason())).startsWith("WARN");
            assertThat(channel.isOpen()).as(c.reason()).isFalse();
            assertThatCode(channel::checkException).doesNotThrowAnyException();
            channel.finishAndReleaseAll();
        }
    }

    private static void assertGoAway(EmbeddedChannel channel, int code) {
        boolean found = false;
        for (Object msg; (msg = channel.readOutbound()) != null; ) {
            ByteBuf frame = (ByteBuf) msg;
            if (frame.getUnsignedByte(1) == YamuxFrame.TYPE_GO_AWAY) {
                assertThat(frame.getUnsignedInt(8)).isEqualTo(code);
                found = true;
            }
            frame.release();
        }
        assertThat(found).as("a GoAway was sent").isTrue();
    }

    static ByteBuf header(int type, int flags, int streamId, long length) {
        return Unpooled.buffer(12).writeByte(0).writeByte(type).writeShort(flags).writeInt(streamId)
                .writeInt((int) length);
    }

    static ByteBuf data(int flags, int streamId, int length) {
        return Unpooled.wrappedBuffer(header(YamuxFrame.TYPE_DATA, flags, streamId, length),
                Unpooled.wrappedBuffer(new byte[length]));
    }
}
