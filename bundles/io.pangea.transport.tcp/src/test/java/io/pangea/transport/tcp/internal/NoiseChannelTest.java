package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The Noise handlers between two embedded channels: the libp2p handshake, transport frames, and bad input. */
class NoiseChannelTest {
    private final NodeIdentity dialer = NodeIdentity.generate();
    private final NodeIdentity listener = NodeIdentity.generate();
    private final RecordingLog dialerLog = new RecordingLog("dialer");
    private final RecordingLog listenerLog = new RecordingLog("listener");
    private final List<Object> dialerEvents = new ArrayList<>();
    private final List<Object> listenerEvents = new ArrayList<>();

    private final ByteBuf plaintext = Unpooled.buffer();

    /** Keeps the user events and the plaintext that reach the end of the pipeline. */
    private final class Catcher extends ChannelInboundHandlerAdapter {
        private final List<Object> events;

        Catcher(List<Object> events) {
            this.events = events;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            plaintext.writeBytes(bytes);
            bytes.release();
        }
    }

    private ChannelHandler[] handlers(NodeIdentity identity, NoiseXxHandshake.Role role, Optional<PeerId> expected,
                                      List<Object> events, TransportLog log) {
        return new ChannelHandler[] {
            ConnectionUpgrader.noiseFrameDecoder(),
            ConnectionUpgrader.noiseFrameEncoder(),
            new NoiseHandshakeHandler(identity, role, expected, new SecureRandom()),
            new Catcher(events),
        };
    }

    private EmbeddedPair pair(Optional<PeerId> expected) {
        EmbeddedPair pair = new EmbeddedPair(
                () -> handlers(dialer, NoiseXxHandshake.Role.INITIATOR, expected, dialerEvents, dialerLog),
                () -> handlers(listener, NoiseXxHandshake.Role.RESPONDER, Optional.empty(), listenerEvents,
                        listenerLog));
        // The failure handler goes last, as in the real pipeline.
        pair.left.pipeline().addLast(new ConnectionFailureHandler(dialerLog));
        pair.right.pipeline().addLast(new ConnectionFailureHandler(listenerLog));
        pair.left.attr(ConnectionFailureHandler.LABEL).set("dialer connection");
        pair.right.attr(ConnectionFailureHandler.LABEL).set("listener connection");
        return pair;
    }

    @Test
    void handshakeAuthenticatesBothPeersAndTransportRoundTrips() {
        EmbeddedPair pair = pair(Optional.of(listener.peerId()));
        pair.shuttle();
        assertThat(dialerEvents).containsExactly(new SessionEvents.Secured(listener.publicKey()));
        assertThat(listenerEvents).containsExactly(new SessionEvents.Secured(dialer.publicKey()));
        assertThat(pair.left.pipeline().get(NoiseTransportHandler.class)).isNotNull();
        assertThat(pair.left.pipeline().get(NoiseHandshakeHandler.class)).isNull();

        byte[] message = new byte[200_000];
        new Random(7).nextBytes(message);
        pair.left.writeAndFlush(Unpooled.wrappedBuffer(message));
        // On the wire: frames of at most 65535 bytes, each prefixed with its 2-byte length.
        List<ByteBuf> frames = new ArrayList<>();
        for (Object msg; (msg = pair.left.readOutbound()) != null; ) {
            frames.add((ByteBuf) msg);
        }
        ByteBuf wire = Unpooled.wrappedBuffer(frames.toArray(ByteBuf[]::new));
        int count = 0;
        for (int at = wire.readerIndex(); at < wire.writerIndex(); count++) {
            int length = wire.getUnsignedShort(at);
            assertThat(length).isLessThanOrEqualTo(65535);
            at += 2 + length;
        }
        assertThat(count).isEqualTo(4); // ceil(200000 / 65519)
        pair.right.writeInbound(wire);
        assertThat(ByteBufUtil.getBytes(plaintext)).isEqualTo(message);
    }

    @Test
    void wrongPeerFailsTheDialWithALogLine() throws Exception {
        PeerId someoneElse = NodeIdentity.generate().peerId();
        EmbeddedPair pair = pair(Optional.of(someoneElse));
        pair.shuttle();
        assertThat(dialerLog.await(Duration.ofSeconds(1), "dialer connection", "dialled peer " + someoneElse,
                "proved to be " + listener.peerId(), "closing the connection")).startsWith("WARN");
        assertThat(pair.left.isOpen()).isFalse();
        assertThat(dialerEvents).isEmpty();
        assertThatCode(pair.left::checkException).doesNotThrowAnyException();
    }

    @Test
    void tamperedTransportFrameClosesTheConnection() throws Exception {
        EmbeddedPair pair = pair(Optional.empty());
        pair.shuttle();
        pair.left.writeAndFlush(Unpooled.wrappedBuffer("hello".getBytes()));
        ByteBuf frame = Unpooled.buffer();
        for (Object msg; (msg = pair.left.readOutbound()) != null; ) {
            frame.writeBytes((ByteBuf) msg);
            ((ByteBuf) msg).release();
        }
        frame.setByte(5, frame.getByte(5) ^ 0x40);
        pair.right.writeInbound(frame);
        assertThat(listenerLog.await(Duration.ofSeconds(1), "listener connection", "does not authenticate"))
                .startsWith("WARN");
        assertThat(pair.right.isOpen()).isFalse();
        assertThatCode(pair.right::checkException).doesNotThrowAnyException();
    }

    @Test
    void transportFrameShorterThanTheTagIsRejected() throws Exception {
        EmbeddedPair pair = pair(Optional.empty());
        pair.shuttle();
        pair.right.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 3, 1, 2, 3}));
        assertThat(listenerLog.await(Duration.ofSeconds(1), "shorter than its 16-byte tag")).startsWith("WARN");
        assertThat(pair.right.isOpen()).isFalse();
    }

    @Test
    void garbageHandshakeMessagesAreRejected() throws Exception {
        // A first message too short to hold an ephemeral key.
        EmbeddedChannel listenerChannel = new EmbeddedChannel(handlers(listener, NoiseXxHandshake.Role.RESPONDER,
                Optional.empty(), listenerEvents, listenerLog));
        listenerChannel.pipeline().addLast(new ConnectionFailureHandler(listenerLog));
        listenerChannel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 1, 2, 3, 4, 5}));
        assertThat(listenerLog.await(Duration.ofSeconds(1), "first handshake message has 5 bytes")).startsWith("WARN");
        assertThat(listenerChannel.isOpen()).isFalse();

        // A second message of random bytes, which cannot authenticate.
        EmbeddedChannel dialerChannel = new EmbeddedChannel(handlers(dialer, NoiseXxHandshake.Role.INITIATOR,
                Optional.empty(), dialerEvents, dialerLog));
        dialerChannel.pipeline().addLast(new ConnectionFailureHandler(dialerLog));
        byte[] random = new byte[200];
        new Random(3).nextBytes(random);
        dialerChannel.writeInbound(Unpooled.buffer().writeShort(random.length).writeBytes(random));
        assertThat(dialerLog.await(Duration.ofSeconds(1), "does not authenticate")).startsWith("WARN");
        assertThat(dialerChannel.isOpen()).isFalse();
        assertThatCode(dialerChannel::checkException).doesNotThrowAnyException();
    }

    @Test
    void truncatedFrameIsHeldUntilItCompletes() {
        EmbeddedChannel listenerChannel = new EmbeddedChannel(handlers(listener, NoiseXxHandshake.Role.RESPONDER,
                Optional.empty(), listenerEvents, listenerLog));
        // A frame announcing 65535 bytes of which 10 arrive: nothing happens, the connection waits (the upgrade's
        // timeout ends it); at most 65535 bytes can ever be held for one frame.
        listenerChannel.writeInbound(Unpooled.buffer().writeShort(65535).writeZero(10));
        assertThat(listenerChannel.isOpen()).isTrue();
        assertThat(listenerEvents).isEmpty();
        assertThat((Object) listenerChannel.readOutbound()).isNull();
        listenerChannel.finishAndReleaseAll();
    }
}
