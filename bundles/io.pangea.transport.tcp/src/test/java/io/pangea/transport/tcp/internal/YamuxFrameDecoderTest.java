package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.pangea.transport.tcp.internal.YamuxSessionTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Malformed, truncated and oversized Yamux frames against the decoder and the failure handler behind it. */
class YamuxFrameDecoderTest {
    private static final int LIMIT = 256 * 1024;
    private final RecordingLog log = new RecordingLog("decoder");

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT), new ConnectionFailureHandler(log));
        channel.attr(ConnectionFailureHandler.LABEL).set("test connection");
        return channel;
    }

    @Test
    void decodesFramesSplitAtEveryByte() {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT));
        ByteBuf wire = Unpooled.wrappedBuffer(header(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, 3),
                Unpooled.wrappedBuffer(new byte[] {7, 8, 9}), header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, 5));
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        YamuxFrame data = channel.readInbound();
        assertThat(data.type()).isEqualTo(YamuxFrame.TYPE_DATA);
        assertThat(data.streamId()).isEqualTo(1);
        assertThat(data.has(YamuxFrame.FLAG_SYN)).isTrue();
        assertThat(io.netty.buffer.ByteBufUtil.getBytes(data.data())).containsExactly(7, 8, 9);
        data.data().release();
        YamuxFrame ping = channel.readInbound();
        assertThat(ping.type()).isEqualTo(YamuxFrame.TYPE_PING);
        assertThat(ping.length()).isEqualTo(5);
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void truncatedFrameWaitsWithoutOutput() {
        EmbeddedChannel channel = channel();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[11]));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(header(0, 0, 1, 100).array(), 11, 1));
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void oversizedDataFrameIsRejectedFromItsHeaderAlone() throws Exception {
        EmbeddedChannel channel = channel();
        // A header announcing 4 GiB - 1: rejected before a byte of payload arrives, so nothing is buffered for it.
        channel.writeInbound(header(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, 0xFFFF_FFFFL));
        assertThat(log.await(Duration.ofSeconds(1), "test connection", "data frame of 4294967295 bytes",
                "exceeds the limit of 262144", "closing the connection")).startsWith("WARN");
        assertThat(channel.isOpen()).isFalse();
        assertThatCode(channel::checkException).doesNotThrowAnyException();
    }

    @Test
    void malformedHeadersAreRejected() throws Exception {
        EmbeddedChannel badVersion = channel();
        badVersion.writeInbound(Unpooled.buffer().writeByte(1).writeZero(11));
        assertThat(log.await(Duration.ofSeconds(1), "unsupported version 1")).startsWith("WARN");
        assertThat(badVersion.isOpen()).isFalse();

        EmbeddedChannel badType = channel();
        badType.writeInbound(Unpooled.buffer().writeByte(0).writeByte(9).writeZero(10));
        assertThat(log.await(Duration.ofSeconds(1), "unknown frame type 9")).startsWith("WARN");
        assertThat(badType.isOpen()).isFalse();
        assertThatCode(badType::checkException).doesNotThrowAnyException();
    }

    @Test
    void afterAFailureTheRestIsDiscarded() {
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(LIMIT));
        ByteBuf bad = Unpooled.wrappedBuffer(Unpooled.buffer().writeByte(7).writeZero(11),
                header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 1));
        try {
            channel.writeInbound(bad);
        } catch (Exception expected) {
            // the decoder's exception, which the failure handler catches in a real pipeline
        }
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(header(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 1));
        assertThat((Object) channel.readInbound()).isNull();
    }
}
