package io.pangea.p2p.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Base32Test {
    /** RFC 4648 section 10, lower case and without padding. */
    @ParameterizedTest
    @CsvSource(value = {"'',''", "f,my", "fo,mzxq", "foo,mzxw6", "foob,mzxw6yq", "fooba,mzxw6ytb",
            "foobar,mzxw6ytboi"})
    void rfc4648Vectors(String plain, String encoded) {
        assertThat(Base32.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Base32.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
    }

    @Test
    void randomBytesRoundTrip() {
        Random random = new Random(32);
        for (int i = 0; i < 3_000; i++) {
            byte[] data = new byte[random.nextInt(100)];
            random.nextBytes(data);
            assertThat(Base32.decode(Base32.encode(data))).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW6", "mzxw6===", "mzx1", "mzxw!", "my======", "mzxé"})
    void nonCanonicalAlphabetIsRejected(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("invalid base32 character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"m", "mzx", "mzxw6y"})
    void impossibleLengthsAreRejected(String text) {
        assertThatThrownBy(() -> Base32.decode(text)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("not a valid length");
    }

    @Test
    void nonZeroTrailingBitsAreRejected() {
        // "my" is 'f'; "mz" carries the same byte plus a stray 1 bit.
        assertThatThrownBy(() -> Base32.decode("mz")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("trailing bits");
    }

    @Test
    void overlongTextIsRejected() {
        assertThatThrownBy(() -> Base32.decode("a".repeat(Base32.MAX_DECODE_LENGTH + 8)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("exceeds the limit");
    }
}
