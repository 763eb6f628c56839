package io.pangea.cipher.xchacha.tink.internal;

import io.pangea.api.cipher.AuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TinkXChaCha20Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private final TinkXChaCha20Poly1305 aead = new TinkXChaCha20Poly1305();
    private final Random random = new Random(0x7469);

    /** draft-irtf-cfrg-xchacha-03, section A.3.1 (also what libsodium 1.0.18 produces). */
    @Test
    void knownAnswerFromTheDraft() throws Exception {
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
        byte[] key = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = HEX.parseHex("404142434445464748494a4b4c4d4e4f5051525354555657");
        String expected = "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f"
                + "4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3"
                + "fff921f9664c97637da9768812f615c68b13b52e" + "c0875924c1c7987947deafd8780acf49";

        // A destination with room to spare and an offset: only the sealed range is written.
        ByteBuffer sealed = ByteBuffer.allocate(plaintext.length + 16 + 40).position(7);
        aead.seal(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(plaintext), sealed);
        assertThat(sealed.position()).isEqualTo(7 + plaintext.length + 16);
        assertThat(HEX.formatHex(Arrays.copyOfRange(sealed.array(), 7, sealed.position()))).isEqualTo(expected);

        ByteBuffer opened = ByteBuffer.allocateDirect(plaintext.length);
        aead.open(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(HEX.parseHex(expected)), opened);
        byte[] back = new byte[plaintext.length];
        opened.flip().get(back);
        assertThat(back).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 65_536, (1 << 20) + 3})
    void roundTripsHeapDirectAndMixed(int length) throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(24);
        byte[] message = bytes(length);
        byte[] aad = bytes(random.nextInt(40));
        for (int mix = 0; mix < 8; mix++) {
            ByteBuffer plaintext = buffer((mix & 1) != 0, message);
            ByteBuffer sealed = (mix & 2) != 0 ? ByteBuffer.allocateDirect(length + 16) : ByteBuffer.allocate(length + 16);
            ByteBuffer associated = (mix & 4) != 0 ? buffer(true, aad) : null;
            aead.seal(key, nonce, associated, plaintext, sealed);
            assertThat(plaintext.hasRemaining()).isFalse();
            assertThat(sealed.position()).isEqualTo(length + 16);
            if (associated != null) {
                assertThat(associated.remaining()).as("associated data is read, not consumed").isEqualTo(aad.length);
            }

            ByteBuffer opened = (mix & 1) != 0 ? ByteBuffer.allocate(length) : ByteBuffer.allocateDirect(length);
            aead.open(key, nonce, associated, sealed.flip(), opened);
            assertThat(sealed.hasRemaining()).isFalse();
            byte[] back = new byte[length];
            opened.flip().get(back);
            assertThat(back).isEqualTo(message);
        }
    }

    @Test
    void tamperingIsDetectedAndLeavesNothingWritten() {
        byte[] key = bytes(32);
        byte[] nonce = bytes(24);
        byte[] aad = bytes(13);
        byte[] message = bytes(1000);
        ByteBuffer sealed = ByteBuffer.allocate(message.length + 16);
        aead.seal(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(message), sealed);
        byte[] good = sealed.array();

        assertRejected(key, nonce, aad, flip(good, 3));
        assertRejected(key, nonce, aad, flip(good, good.length - 1));
        assertRejected(key, nonce, flip(aad, 0), good);
        assertRejected(key, nonce, null, good);
        assertRejected(key, flip(nonce, 23), aad, good);
        assertRejected(key, flip(nonce, 0), aad, good); // the HChaCha20 half of the nonce
        assertRejected(flip(key, 31), nonce, aad, good);
        assertRejected(key, nonce, aad, Arrays.copyOf(good, 15));
    }

    private void assertRejected(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        ByteBuffer out = ByteBuffer.allocate(sealed.length);
        ByteBuffer in = ByteBuffer.wrap(sealed);
        assertThatThrownBy(() -> aead.open(key, nonce, aad == null ? null : ByteBuffer.wrap(aad), in, out))
                .isInstanceOf(AuthenticationException.class).hasMessageStartingWith("xchacha20-poly1305: ");
        assertThat(in.position()).isZero();
        assertThat(out.position()).isZero();
        assertThat(out.array()).containsOnly(0);
    }

    @Test
    void wrongLengthsAreClearErrors() {
        ByteBuffer p = ByteBuffer.allocate(10);
        assertThatThrownBy(() -> aead.seal(new byte[31], new byte[24], null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key must be 32 bytes, got 31");
        assertThatThrownBy(() -> aead.seal(new byte[32], new byte[12], null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonce must be 24 bytes, got 12");
        assertThatThrownBy(() -> aead.seal(new byte[32], null, null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got none");
        assertThatThrownBy(() -> aead.seal(new byte[32], new byte[24], null, p, ByteBuffer.allocate(25)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 25 bytes")
                .hasMessageContaining("needs 26");
        assertThatThrownBy(() -> aead.open(new byte[32], new byte[24], null, ByteBuffer.allocate(26), ByteBuffer.allocate(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 9 bytes");
        assertThat(p.position()).isZero();
    }

    @Test
    void describesItself() {
        assertThat(aead.codec()).isEqualTo("xchacha20-poly1305");
        assertThat(new int[] {aead.keyLength(), aead.nonceLength(), aead.tagLength()}).containsExactly(32, 24, 16);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    private static ByteBuffer buffer(boolean direct, byte[] data) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
        return b.put(data).flip();
    }
}
