package io.pangea.p2p.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Base58Test {
    @Test
    void knownEncodings() {
        assertThat(Base58.encode(new byte[0])).isEmpty();
        assertThat(Base58.encode(new byte[] {0})).isEqualTo("1");
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.encode("hello world".getBytes(StandardCharsets.US_ASCII))).isEqualTo("StV1DL6CwTryKyV");
        assertThat(Base58.encode(new byte[] {57})).isEqualTo("z");
        assertThat(Base58.encode(new byte[] {58})).isEqualTo("21");
        // The sha2-256 multihash of the empty string, whose CIDv0 is the well-known empty dag-pb CID.
        assertThat(Base58.encode(HexFormat.of().parseHex(
                "1220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")))
                .isEqualTo("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
    }

    @Test
    void knownDecodings() {
        assertThat(Base58.decode("")).isEmpty();
        assertThat(Base58.decode("111")).containsExactly(0, 0, 0);
        assertThat(new String(Base58.decode("StV1DL6CwTryKyV"), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    }

    @Test
    void randomBytesWithLeadingZerosRoundTrip() {
        Random random = new Random(58);
        for (int i = 0; i < 3_000; i++) {
            byte[] data = new byte[random.nextInt(80)];
            random.nextBytes(data);
            for (int z = random.nextInt(4); z > 0 && z <= data.length; z--) {
                data[z - 1] = 0;
            }
            assertThat(Base58.decode(Base58.encode(data))).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "O", "I", "l", "abc+", "Qm é", "12 3"})
    void charactersOutsideTheAlphabetAreRejected(String text) {
        assertThatThrownBy(() -> Base58.decode(text)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("invalid base58 character");
    }

    @Test
    void overlongTextIsRejectedBeforeDecoding() {
        String text = "2".repeat(Base58.MAX_DECODE_LENGTH + 1);
        assertThatThrownBy(() -> Base58.decode(text)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("exceeds the limit");
    }
}
