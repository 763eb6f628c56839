package io.pangea.cipher.aesgcm.internal;

import io.pangea.api.cipher.AuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JceAesGcmTest {
    private static final HexFormat HEX = HexFormat.of();
    private final JceAesGcm gcm = new JceAesGcm();
    private final Random random = new Random(0x6763);

    /** The AES-256 cases of McGrew and Viega, "The Galois/Counter Mode of Operation", appendix B (NIST). */
    @ParameterizedTest(name = "GCM spec test case {0}")
    @CsvSource({
            "13, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, , , "
                    + ", 530f8afbc74536b9a963b4f1c4cb738b",
            "14, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, "
                    + "00000000000000000000000000000000, , cea7403d4d606b6e074ec5d3baf39d18, d0d1c8a799996bf0265b98b5d48ab919",
            "16, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888, "
                    + "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
                    + "b16aedf5aa0de657ba637b39, feedfacedeadbeeffeedfacedeadbeefabaddad2, "
                    + "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
                    + "c5f61e6393ba7a0abcc9f662, 76fc6ece0f4e1768cddf8853bb2d551b"})
    void knownAnswers(int testCase, String key, String iv, String plaintext, String aad, String ciphertext, String tag)
            throws Exception {
        byte[] p = hex(plaintext);
        ByteBuffer sealed = ByteBuffer.allocate(p.length + 16);
        gcm.seal(HEX.parseHex(key), HEX.parseHex(iv), aad == null ? null : ByteBuffer.wrap(hex(aad)), ByteBuffer.wrap(p),
                sealed);
        assertThat(HEX.formatHex(sealed.array())).as("case %d", testCase).isEqualTo(hex(ciphertext).length == 0
                ? tag : ciphertext + tag);

        ByteBuffer opened = ByteBuffer.allocate(p.length);
        gcm.open(HEX.parseHex(key), HEX.parseHex(iv), aad == null ? null : ByteBuffer.wrap(hex(aad)), sealed.flip(),
                opened);
        assertThat(opened.array()).isEqualTo(p);
    }

    private static byte[] hex(String text) {
        return text == null ? new byte[0] : HEX.parseHex(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 65_536, (1 << 20) + 3})
    void roundTripsHeapDirectAndMixed(int length) throws Exception {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] message = bytes(length);
        byte[] aad = bytes(random.nextInt(40));
        for (int mix = 0; mix < 8; mix++) {
            ByteBuffer plaintext = buffer((mix & 1) != 0, message);
            ByteBuffer sealed = (mix & 2) != 0 ? ByteBuffer.allocateDirect(length + 16) : ByteBuffer.allocate(length + 16);
            ByteBuffer associated = buffer((mix & 4) != 0, aad);
            gcm.seal(key, nonce, associated, plaintext, sealed);
            assertThat(plaintext.hasRemaining()).isFalse();
            assertThat(sealed.position()).isEqualTo(length + 16);
            assertThat(associated.remaining()).as("associated data is read, not consumed").isEqualTo(aad.length);

            ByteBuffer opened = (mix & 1) != 0 ? ByteBuffer.allocate(length) : ByteBuffer.allocateDirect(length);
            gcm.open(key, nonce, associated, sealed.flip(), opened);
            assertThat(sealed.hasRemaining()).isFalse();
            assertThat(contents(opened.flip())).isEqualTo(message);
        }
    }

    @Test
    void sealingTheSameMessageTwiceGivesTheSameBytes() {
        // The JCE refuses a second encryption with the same key and IV on one Cipher object.
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        ByteBuffer first = ByteBuffer.allocate(21);
        ByteBuffer second = ByteBuffer.allocate(21);
        gcm.seal(key, nonce, null, ByteBuffer.wrap(new byte[5]), first);
        gcm.seal(key, nonce, null, ByteBuffer.wrap(new byte[5]), second);
        assertThat(first.array()).isEqualTo(second.array());
    }

    @Test
    void tamperingIsDetectedAndLeavesNothingUsable() {
        byte[] key = bytes(32);
        byte[] nonce = bytes(12);
        byte[] aad = bytes(13);
        byte[] message = bytes(1000);
        ByteBuffer sealed = ByteBuffer.allocate(message.length + 16);
        gcm.seal(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(message), sealed);
        byte[] good = sealed.array();

        assertRejected(key, nonce, aad, flip(good, 3));                  // ciphertext
        assertRejected(key, nonce, aad, flip(good, good.length - 1));    // tag
        assertRejected(key, nonce, flip(aad, 0), good);                  // associated data
        assertRejected(key, nonce, null, good);                          // associated data missing
        assertRejected(key, flip(nonce, 11), aad, good);                 // nonce
        assertRejected(flip(key, 0), nonce, aad, good);                  // key
        assertRejected(key, nonce, aad, java.util.Arrays.copyOf(good, good.length - 1)); // truncated
    }

    private void assertRejected(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(sealed.length) : ByteBuffer.allocate(sealed.length);
            for (int i = 0; i < out.capacity(); i++) {
                out.put(i, (byte) 0x55);
            }
            ByteBuffer in = ByteBuffer.wrap(sealed);
            assertThatThrownBy(() -> gcm.open(key, nonce, aad == null ? null : ByteBuffer.wrap(aad), in, out))
                    .isInstanceOf(AuthenticationException.class).hasMessageStartingWith("aes-256-gcm: ");
            assertThat(in.position()).isZero();
            assertThat(out.position()).isZero();
            for (int i = 0; i < Math.max(0, sealed.length - 16); i++) {
                assertThat(out.get(i)).as("byte %d of the destination", i).isIn((byte) 0, (byte) 0x55);
            }
        }
    }

    @Test
    void wrongLengthsAreClearErrors() {
        ByteBuffer p = ByteBuffer.allocate(10);
        assertThatThrownBy(() -> gcm.seal(new byte[16], new byte[12], null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key must be 32 bytes, got 16");
        assertThatThrownBy(() -> gcm.seal(new byte[32], new byte[24], null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonce must be 12 bytes, got 24");
        assertThatThrownBy(() -> gcm.seal(new byte[32], new byte[12], null, p, ByteBuffer.allocate(25)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 25 bytes")
                .hasMessageContaining("needs 26");
        assertThatThrownBy(() -> gcm.open(new byte[32], new byte[12], null, ByteBuffer.allocate(26), ByteBuffer.allocate(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 9 bytes");
        assertThat(p.position()).isZero();
    }

    @Test
    void describesItself() {
        assertThat(gcm.codec()).isEqualTo("aes-256-gcm");
        assertThat(new int[] {gcm.keyLength(), gcm.nonceLength(), gcm.tagLength()}).containsExactly(32, 12, 16);
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

    private static byte[] contents(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
