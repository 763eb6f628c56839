package io.pangea.cipher.xchacha.jni.internal;

import io.pangea.api.cipher.AuthenticationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeXChaCha20Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private final NativeXChaCha20Poly1305 aead = NativeXChaCha20Poly1305.load();
    private final Random random = new Random(0x6a6e69);

    /** draft-irtf-cfrg-xchacha-03, section 2.2.1. */
    @Test
    void hChaCha20KnownAnswer() {
        byte[] key = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] nonce = HEX.parseHex("000000090000004a0000000031415927");
        assertThat(HEX.formatHex(XChaChaNative.hChaCha20(key, nonce)))
                .isEqualTo("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
    }

    /** draft-irtf-cfrg-xchacha-03, section A.3.1. */
    @Test
    void aeadKnownAnswer() throws Exception {
        byte[] plaintext = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                + " sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
        byte[] aad = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
        byte[] key = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
        byte[] nonce = HEX.parseHex("404142434445464748494a4b4c4d4e4f5051525354555657");
        String expected = "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f"
                + "4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3"
                + "fff921f9664c97637da9768812f615c68b13b52e" + "c0875924c1c7987947deafd8780acf49";

        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer sealed = direct ? ByteBuffer.allocateDirect(200) : ByteBuffer.allocate(200);
            sealed.position(5);
            aead.seal(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(plaintext), sealed);
            int end = 5 + plaintext.length + 16;
            assertThat(sealed.position()).isEqualTo(end);
            assertThat(sealed.get(end)).as("nothing written past the sealed range").isZero();
            assertThat(HEX.formatHex(bytes(sealed.flip().position(5)))).isEqualTo(expected);

            ByteBuffer opened = direct ? ByteBuffer.allocateDirect(plaintext.length) : ByteBuffer.allocate(plaintext.length);
            aead.open(key, nonce, ByteBuffer.wrap(aad), sealed, opened);
            assertThat(bytes(opened.flip())).isEqualTo(plaintext);
        }
    }

    @Test
    void slicesAndReadOnlyBuffersHonourTheirOffsets() throws Exception {
        byte[] key = random(32);
        byte[] nonce = random(24);
        byte[] message = random(333);
        byte[] aad = random(21);
        ByteBuffer expected = ByteBuffer.allocate(message.length + 16);
        aead.seal(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(message), expected);

        ByteBuffer backing = ByteBuffer.allocate(1000);
        ByteBuffer plaintext = backing.position(17).slice().put(message).flip().asReadOnlyBuffer();
        ByteBuffer associated = ByteBuffer.wrap(new byte[50]).position(9).slice().put(aad).flip().asReadOnlyBuffer();
        ByteBuffer sealed = ByteBuffer.allocateDirect(1000).position(100).slice();
        sealed.position(3);
        aead.seal(key, nonce, associated, plaintext, sealed);
        assertThat(bytes(sealed.flip().position(3))).isEqualTo(expected.array());
    }

    @Test
    void sealsAndOpensInPlace() throws Exception {
        byte[] key = random(32);
        byte[] nonce = random(24);
        byte[] message = random(4096);
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(message.length + 16) : ByteBuffer.allocate(message.length + 16);
            buffer.put(message).flip();
            aead.seal(key, nonce, null, buffer.duplicate(), buffer.duplicate().clear());
            ByteBuffer reference = ByteBuffer.allocate(message.length + 16);
            aead.seal(key, nonce, null, ByteBuffer.wrap(message), reference);
            assertThat(bytes(buffer.duplicate().clear())).isEqualTo(reference.array());

            aead.open(key, nonce, null, buffer.duplicate().clear(), buffer.duplicate().clear());
            assertThat(bytes(buffer.duplicate().clear().limit(message.length))).isEqualTo(message);
        }
    }

    @Test
    void partlyOverlappingRangesStillSealCorrectly() throws Exception {
        byte[] key = random(32);
        byte[] nonce = random(24);
        byte[] message = random(1000);
        ByteBuffer reference = ByteBuffer.allocate(message.length + 16);
        aead.seal(key, nonce, null, ByteBuffer.wrap(message), reference);

        byte[] shared = new byte[2000];
        System.arraycopy(message, 0, shared, 0, message.length);
        aead.seal(key, nonce, null, ByteBuffer.wrap(shared, 0, message.length), ByteBuffer.wrap(shared, 7, 1016));
        assertThat(Arrays.copyOfRange(shared, 7, 7 + 1016)).isEqualTo(reference.array());
    }

    @Test
    void tamperingIsDetectedAndTheDestinationIsZeroed() {
        byte[] key = random(32);
        byte[] nonce = random(24);
        byte[] aad = random(13);
        byte[] message = random(1000);
        ByteBuffer sealed = ByteBuffer.allocate(message.length + 16);
        aead.seal(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(message), sealed);
        byte[] good = sealed.array();

        assertRejected(key, nonce, aad, flip(good, 3));
        assertRejected(key, nonce, aad, flip(good, good.length - 1));
        assertRejected(key, nonce, flip(aad, 0), good);
        assertRejected(key, nonce, null, good);
        assertRejected(key, flip(nonce, 23), aad, good);
        assertRejected(key, flip(nonce, 0), aad, good);
        assertRejected(flip(key, 31), nonce, aad, good);
        assertRejected(key, nonce, aad, Arrays.copyOf(good, 15));
    }

    private void assertRejected(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(sealed.length) : ByteBuffer.allocate(sealed.length);
            ByteBuffer in = ByteBuffer.wrap(sealed);
            assertThatThrownBy(() -> aead.open(key, nonce, aad == null ? null : ByteBuffer.wrap(aad), in, out))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessage("xchacha20-poly1305: " + (sealed.length < 16
                            ? "ciphertext of 15 bytes is shorter than the 16-byte tag (truncated data)"
                            : "authentication failed (wrong key or nonce, or altered data)"));
            assertThat(in.position()).isZero();
            assertThat(out.position()).isZero();
            assertThat(bytes(out.duplicate().clear())).containsOnly(0);
        }
    }

    @Test
    void wrongLengthsAreClearErrors() {
        ByteBuffer p = ByteBuffer.allocate(10);
        assertThatThrownBy(() -> aead.seal(new byte[16], new byte[24], null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("xchacha20-poly1305: key must be 32 bytes, got 16");
        assertThatThrownBy(() -> aead.seal(new byte[32], new byte[12], null, p, ByteBuffer.allocate(26)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("xchacha20-poly1305: nonce must be 24 bytes, got 12");
        assertThatThrownBy(() -> aead.seal(new byte[32], new byte[24], null, p, ByteBuffer.allocateDirect(25)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xchacha20-poly1305: ciphertext buffer has room for 25 bytes; sealing 10 bytes needs 26");
        assertThatThrownBy(() -> aead.open(new byte[32], new byte[24], null, ByteBuffer.allocate(26), ByteBuffer.allocate(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("xchacha20-poly1305: plaintext buffer has room for 9 bytes; opening 10 bytes needs 10");
        assertThat(p.position()).isZero();
    }

    @Test
    void threadsEachUseTheirOwnContext() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                results.add(pool.submit((Callable<Boolean>) () -> {
                    Random r = new Random(seed);
                    for (int i = 0; i < 300; i++) {
                        byte[] key = new byte[32];
                        byte[] nonce = new byte[24];
                        byte[] message = new byte[r.nextInt(3000)];
                        r.nextBytes(key);
                        r.nextBytes(nonce);
                        r.nextBytes(message);
                        ByteBuffer sealed = ByteBuffer.allocate(message.length + 16);
                        aead.seal(key, nonce, null, ByteBuffer.wrap(message), sealed);
                        if (i % 7 == 0) { // failures in between must not disturb the thread's context
                            sealed.put(0, (byte) ~sealed.get(0));
                            try {
                                aead.open(key, nonce, null, sealed.duplicate().flip(), ByteBuffer.allocate(message.length));
                                return false;
                            } catch (AuthenticationException expected) {
                                sealed.put(0, (byte) ~sealed.get(0));
                            }
                        }
                        ByteBuffer opened = ByteBuffer.allocate(message.length);
                        aead.open(key, nonce, null, sealed.flip(), opened);
                        if (!Arrays.equals(opened.array(), message)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnavailableInstanceSaysWhy() {
        NativeXChaCha20Poly1305 broken = new NativeXChaCha20Poly1305("simulated: no libcrypto.so.3");
        assertThatThrownBy(() -> broken.seal(new byte[32], new byte[24], null, ByteBuffer.allocate(1), ByteBuffer.allocate(17)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated: no libcrypto.so.3");
    }

    @Test
    void describesItself() {
        assertThat(aead.codec()).isEqualTo("xchacha20-poly1305");
        assertThat(new int[] {aead.keyLength(), aead.nonceLength(), aead.tagLength()}).containsExactly(32, 24, 16);
        assertThat(XChaChaNative.openSslVersion()).startsWith("OpenSSL 3");
    }

    private byte[] random(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] flip(byte[] data, int index) {
        byte[] copy = data.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
