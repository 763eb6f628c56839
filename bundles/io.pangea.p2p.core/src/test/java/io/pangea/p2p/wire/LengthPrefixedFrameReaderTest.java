package io.pangea.p2p.wire;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LengthPrefixedFrameReaderTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readsAFrameAndLeavesTheRestInTheBuffer() {
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(100);
        ByteBuffer in = ByteBuffer.wrap(HEX.parseHex("036e610a" + "0102"));
        assertThat(reader.next(in)).hasValueSatisfying(f -> assertThat(HEX.formatHex(f)).isEqualTo("6e610a"));
        assertThat(in.remaining()).isEqualTo(2);
        assertThat(reader.hasPartialFrame()).isFalse();
    }

    @Test
    void zeroLengthFrames() {
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(0);
        ByteBuffer in = ByteBuffer.wrap(new byte[] {0, 0});
        assertThat(reader.next(in)).hasValueSatisfying(f -> assertThat(f).isEmpty());
        assertThat(reader.next(in)).hasValueSatisfying(f -> assertThat(f).isEmpty());
        assertThat(reader.next(in)).isEmpty();
        assertThat(LengthPrefixedFrameReader.encodeFrame(new byte[0])).containsExactly(0);
    }

    @Test
    void framesArrivingInRandomPiecesAreReassembled() {
        Random random = new Random(1234);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[random.nextInt(i % 10 == 0 ? 20_000 : 200)];
            random.nextBytes(payload);
            sent.add(payload);
            stream.writeBytes(LengthPrefixedFrameReader.encodeFrame(payload));
        }
        byte[] all = stream.toByteArray();
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(20_000);
        List<byte[]> received = new ArrayList<>();
        int offset = 0;
        while (offset < all.length) {
            int piece = Math.min(all.length - offset, 1 + random.nextInt(random.nextBoolean() ? 3 : 5000));
            ByteBuffer in = ByteBuffer.wrap(all, offset, piece);
            Optional<byte[]> frame;
            while ((frame = reader.next(in)).isPresent()) {
                received.add(frame.get());
            }
            assertThat(in.hasRemaining()).isFalse();
            offset += piece;
        }
        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).isEqualTo(sent.get(i));
        }
        assertThat(reader.hasPartialFrame()).isFalse();
    }

    @Test
    void byteByByteDeliveryReportsAPartialFrame() {
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(1000);
        byte[] wire = LengthPrefixedFrameReader.encodeFrame(new byte[300]);
        for (int i = 0; i < wire.length - 1; i++) {
            assertThat(reader.next(ByteBuffer.wrap(wire, i, 1))).isEmpty();
            assertThat(reader.hasPartialFrame()).isTrue();
        }
        assertThat(reader.next(ByteBuffer.wrap(wire, wire.length - 1, 1))).hasValueSatisfying(
                f -> assertThat(f).hasSize(300));
    }

    @Test
    void lengthAboveTheLimitIsRejectedBeforeAllocating() {
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(1024);
        assertThatThrownBy(() -> reader.next(ByteBuffer.wrap(HEX.parseHex("8108"))))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("frame length 1025 exceeds the limit of 1024");
        assertThat(reader.bufferCapacity()).isZero();
        assertThatThrownBy(() -> reader.next(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lengthClaiming2Pow31IsRejectedWithoutAllocation() {
        byte[] claim = HEX.parseHex("8080808008");  // 2^31
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(16 << 20);
        long allocated = Allocations.measure(() -> assertThatThrownBy(() -> reader.next(ByteBuffer.wrap(claim)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("exceeds the limit"));
        assertThat(allocated).isLessThan(1 << 20);
        assertThat(reader.bufferCapacity()).isZero();
    }

    @Test
    void oversizedClaimFailsAsSoonAsItsBitsShowIt() {
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(100);
        // The first byte's 7 bits already say 127 > 100; the varint has not ended yet.
        assertThatThrownBy(() -> reader.next(ByteBuffer.wrap(HEX.parseHex("ff"))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("at least 127");
    }

    @Test
    void announcedLargeFrameHoldsMemoryOnlyForWhatArrived() {
        int max = 8 << 20;
        LengthPrefixedFrameReader reader = new LengthPrefixedFrameReader(max);
        byte[] prefix = Varint.encode(max);
        assertThat(reader.next(ByteBuffer.wrap(prefix))).isEmpty();
        assertThat(reader.next(ByteBuffer.wrap(new byte[10]))).isEmpty();
        assertThat(reader.bufferCapacity()).isEqualTo(LengthPrefixedFrameReader.INITIAL_CAPACITY);
        assertThat(reader.next(ByteBuffer.wrap(new byte[10_000]))).isEmpty();
        assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(2 * 10_010);
        assertThat(reader.next(ByteBuffer.wrap(new byte[max - 10_010]))).hasValueSatisfying(
                f -> assertThat(f).hasSize(max));
    }

    @Test
    void malformedPrefixesAreRejected() {
        assertThatThrownBy(() -> new LengthPrefixedFrameReader(100).next(ByteBuffer.wrap(HEX.parseHex("8000"))))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("minimally");
        assertThatThrownBy(() -> new LengthPrefixedFrameReader(Integer.MAX_VALUE)
                .next(ByteBuffer.wrap(HEX.parseHex("808080808080808080"))))
                .isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> new LengthPrefixedFrameReader(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
