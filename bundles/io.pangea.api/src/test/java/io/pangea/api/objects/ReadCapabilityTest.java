package io.pangea.api.objects;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadCapabilityTest {
    private static final byte[] ID = filled(32, 0xab);
    private static final byte[] KEY = filled(32, 0x01);

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void formatThenParseGivesTheSameCapability() {
        ReadCapability capability = new ReadCapability(ID, KEY);
        String text = capability.format();

        assertThat(text).isEqualTo("pangea:" + "ab".repeat(32) + ":AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE");
        assertThat(ReadCapability.parse(text)).isEqualTo(capability);
        assertThat(ReadCapability.parse("  PANGEA:" + "AB".repeat(32) + ":AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE "))
                .isEqualTo(capability);
    }

    @Test
    void toStringHidesTheKey() {
        assertThat(new ReadCapability(ID, KEY).toString()).isEqualTo("pangea:" + "ab".repeat(32) + ":<key hidden>");
    }

    @Test
    void isImmutable() {
        byte[] key = KEY.clone();
        ReadCapability capability = new ReadCapability(ID, key);
        key[0] = 9;
        capability.key()[1] = 9;

        assertThat(capability.key()).isEqualTo(KEY);
    }

    @Test
    void clearErrors() {
        String id = "ab".repeat(32);
        assertThatThrownBy(() -> ReadCapability.parse(" ")).hasMessageStartingWith("empty read capability;");
        assertThatThrownBy(() -> ReadCapability.parse("pangaea:" + id + ":x"))
                .hasMessageStartingWith("not a read capability: it does not start with 'pangea:'");
        assertThatThrownBy(() -> ReadCapability.parse("pangea:" + id))
                .hasMessageStartingWith("not a read capability: no key after the file id");
        assertThatThrownBy(() -> ReadCapability.parse("pangea:" + id + ":a:b"))
                .hasMessageStartingWith("not a read capability: too many ':'");
        assertThatThrownBy(() -> ReadCapability.parse("pangea:abc:AQEB"))
                .hasMessage("a file id is 64 hex digits (SHA-256), got 3 digits: 'abc'");
        assertThatThrownBy(() -> ReadCapability.parse("pangea:" + "zz".repeat(32) + ":AQEB"))
                .hasMessageStartingWith("a file id is 64 hex digits (0-9, a-f)");
        assertThatThrownBy(() -> ReadCapability.parse("pangea:" + id + ":AQE+"))
                .hasMessageStartingWith("the key of the read capability is not base64url");
        assertThatThrownBy(() -> ReadCapability.parse("pangea:" + id + ":AQEB"))
                .hasMessageStartingWith("the key of the read capability has 3 bytes, not 32 (is it cut short?)");
        assertThatThrownBy(() -> new ReadCapability(new byte[5], KEY))
                .hasMessage("a file id has 32 bytes (SHA-256), got 5");
    }

    @Test
    void recognisesTheTextForm() {
        assertThat(ReadCapability.looksLikeCapability("pangea:x")).isTrue();
        assertThat(ReadCapability.looksLikeCapability("abcdef01")).isFalse();
    }
}
