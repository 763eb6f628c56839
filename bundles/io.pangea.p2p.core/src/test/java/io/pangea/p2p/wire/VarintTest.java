package io.pangea.p2p.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VarintTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The examples of the multiformats unsigned-varint specification. */
    @ParameterizedTest
    @CsvSource({"1, 01", "127, 7f", "128, 8001", "255, ff01", "300, ac02", "16384, 808001", "0, 00"})
    void specExamples(long value, String hex) {
        assertThat(HEX.formatHex(Varint.encode(value))).isEqualTo(hex);
        assertThat(Varint.decode(HEX.parseHex(hex))).isEqualTo(value);
        assertThat(Varint.encodedLength(value)).isEqualTo(hex.length() / 2);
    }

    @Test
    void largest63BitValueTakesNineBytes() {
        byte[] encoded = Varint.encode(Long.MAX_VALUE);
        assertThat(encoded).hasSize(Varint.MAX_BYTES);
        assertThat(HEX.formatHex(encoded)).isEqualTo("ffffffffffffffff7f");
        assertThat(Varint.decode(encoded)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negativeValuesCannotBeEncoded() {
        assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Varint.encodedLength(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomValuesRoundTripThroughAllWriters() {
        Random random = new Random(20240601);
        for (int i = 0; i < 20_000; i++) {
            long value = random.nextLong() >>> random.nextInt(64);
            if (value < 0) {
                value = -value - 1;
            }
            byte[] encoded = Varint.encode(value);
            assertThat(Varint.decode(encoded)).isEqualTo(value);
            byte[] viaArray = new byte[12];
            int n = Varint.write(value, viaArray, 1);
            assertThat(n).isEqualTo(encoded.length);
            ByteBuffer buffer = ByteBuffer.allocate(12);
            Varint.write(value, buffer);
            assertThat(buffer.position()).isEqualTo(encoded.length);
            buffer.flip();
            assertThat(Varint.read(buffer)).isEqualTo(value);
            assertThat(buffer.hasRemaining()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"8100", "8000", "ff00", "808000", "ff8000"})
    void nonMinimalEncodingsAreRejected(String hex) {
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex(hex)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("not minimally encoded");
    }

    @Test
    void tenByteAndContinuedNinthByteAreRejected() {
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ffffffffffffffffff01")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("longer than 9 bytes");
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("808080808080808080")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("longer than 9 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "80", "ff", "ffffffff", "ffffffffffffffff"})
    void truncatedInputIsRejectedAndLeavesPositionAlone(String hex) {
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex(hex));
        assertThatThrownBy(() -> Varint.read(buffer)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated");
        assertThat(buffer.position()).isZero();
        assertThat(Varint.readIfComplete(buffer)).isEqualTo(Varint.INCOMPLETE);
        assertThat(buffer.position()).isZero();
    }

    @Test
    void readIfCompleteConsumesExactlyOneVarint() {
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("ac02ff"));
        assertThat(Varint.readIfComplete(buffer)).isEqualTo(300);
        assertThat(buffer.position()).isEqualTo(2);
        assertThat(Varint.readIfComplete(buffer)).isEqualTo(Varint.INCOMPLETE);
        assertThat(buffer.position()).isEqualTo(2);
    }

    @Test
    void trailingBytesAfterAWholeVarintAreRejected() {
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("0100")))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("trailing");
    }

    @Test
    void readIntEnforcesItsBoundWithoutConsuming() {
        ByteBuffer buffer = ByteBuffer.wrap(HEX.parseHex("8080808008")); // 2^31
        assertThatThrownBy(() -> Varint.readInt(buffer, Integer.MAX_VALUE, "length"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("length 2147483648 exceeds");
        assertThat(buffer.position()).isZero();
        assertThat(Varint.readInt(ByteBuffer.wrap(HEX.parseHex("ac02")), 300, "length")).isEqualTo(300);
    }
}
