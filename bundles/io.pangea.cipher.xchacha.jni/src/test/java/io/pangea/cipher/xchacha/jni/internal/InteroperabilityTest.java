package io.pangea.cipher.xchacha.jni.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;
import io.pangea.cipher.aesgcm.internal.JceAesGcm;
import io.pangea.cipher.xchacha.tink.internal.TinkXChaCha20Poly1305;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import static io.pangea.cipher.xchacha.jni.internal.NativeXChaCha20Poly1305Test.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Providers of the codec xchacha20-poly1305 must be interchangeable byte for byte: what the native provider seals,
 * Tink opens, and the reverse; and both agree with libsodium, a third implementation.
 */
class InteroperabilityTest {
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 63, 64, 65, 255, 4096, 65_536, (1 << 20) + 3};
    private static SodiumReference sodium;
    private final Aead nativeAead = NativeXChaCha20Poly1305.load();
    private final Aead tink = new TinkXChaCha20Poly1305();
    private final Random random = new Random(0x1e7);

    @BeforeAll
    static void startReference() throws Exception {
        sodium = SodiumReference.start();
    }

    @AfterAll
    static void stopReference() throws Exception {
        sodium.close();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 63, 64, 65, 255, 4096, 65_536, (1 << 20) + 3})
    void nativeAndTinkSealTheSameBytesAndOpenEachOther(int length) throws Exception {
        for (int mix = 0; mix < 16; mix++) {
            byte[] key = random(32);
            byte[] nonce = random(24);
            byte[] message = random(length);
            byte[] aad = (mix & 8) != 0 ? null : random(random.nextInt(100));

            byte[] byNative = seal(nativeAead, key, nonce, aad, message, (mix & 1) != 0, (mix & 2) != 0);
            byte[] byTink = seal(tink, key, nonce, aad, message, (mix & 2) != 0, (mix & 4) != 0);
            assertThat(byNative).as("native and Tink, mix %d", mix).isEqualTo(byTink);

            assertThat(open(tink, key, nonce, aad, byNative, (mix & 4) != 0, (mix & 1) != 0)).isEqualTo(message);
            assertThat(open(nativeAead, key, nonce, aad, byTink, (mix & 1) != 0, (mix & 4) != 0)).isEqualTo(message);
        }
    }

    @Test
    void bothAgreeWithLibsodium() throws Exception {
        for (int length : LENGTHS) {
            byte[] key = random(32);
            byte[] nonce = random(24);
            byte[] message = random(length);
            byte[] aad = random(random.nextInt(64));
            byte[] reference = sodium.seal(key, nonce, aad, message);
            assertThat(seal(nativeAead, key, nonce, aad, message, true, false)).as("native, %d bytes", length)
                    .isEqualTo(reference);
            assertThat(seal(tink, key, nonce, aad, message, false, true)).as("Tink, %d bytes", length)
                    .isEqualTo(reference);
        }
    }

    @Test
    void hChaCha20AgreesWithLibsodium() throws Exception {
        for (int i = 0; i < 50; i++) {
            byte[] key = random(32);
            byte[] nonce = random(16);
            assertThat(XChaChaNative.hChaCha20(key, nonce)).isEqualTo(sodium.hChaCha20(key, nonce));
        }
    }

    @Test
    void everyProviderRejectsEveryKindOfTampering() throws Exception {
        for (Aead aead : List.of(nativeAead, tink, new JceAesGcm())) {
            byte[] key = random(32);
            byte[] nonce = random(aead.nonceLength());
            byte[] aad = random(20);
            byte[] message = random(5000);
            byte[] sealed = seal(aead, key, nonce, aad, message, false, false);
            String name = aead.getClass().getSimpleName();

            assertTampered(aead, name + ": ciphertext", key, nonce, aad, flip(sealed, 1234));
            assertTampered(aead, name + ": tag", key, nonce, aad, flip(sealed, sealed.length - 16));
            assertTampered(aead, name + ": aad", key, nonce, flip(aad, 19), sealed);
            assertTampered(aead, name + ": nonce", key, flip(nonce, nonce.length / 2), aad, sealed);
            assertTampered(aead, name + ": key", random(32), nonce, aad, sealed);
        }
    }

    private static void assertTampered(Aead aead, String what, byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        ByteBuffer out = ByteBuffer.allocateDirect(sealed.length);
        assertThatThrownBy(() -> aead.open(key, nonce, ByteBuffer.wrap(aad), ByteBuffer.wrap(sealed), out)).as(what)
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("authentication failed");
        assertThat(bytes(out.clear())).as(what).containsOnly(0);
    }

    private static byte[] seal(Aead aead, byte[] key, byte[] nonce, byte[] aad, byte[] message, boolean directIn,
                               boolean directOut) {
        ByteBuffer in = buffer(message, directIn);
        ByteBuffer out = directOut ? ByteBuffer.allocateDirect(message.length + 16) : ByteBuffer.allocate(message.length + 16);
        aead.seal(key, nonce, aad == null ? null : buffer(aad, !directIn), in, out);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(out.hasRemaining()).isFalse();
        return bytes(out.flip());
    }

    private static byte[] open(Aead aead, byte[] key, byte[] nonce, byte[] aad, byte[] sealed, boolean directIn,
                               boolean directOut) throws AuthenticationException {
        ByteBuffer in = buffer(sealed, directIn);
        ByteBuffer out = directOut ? ByteBuffer.allocateDirect(sealed.length - 16) : ByteBuffer.allocate(sealed.length - 16);
        aead.open(key, nonce, aad == null ? null : buffer(aad, directOut), in, out);
        assertThat(in.hasRemaining()).isFalse();
        return bytes(out.flip());
    }

    private static ByteBuffer buffer(byte[] data, boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
        return b.put(data).flip();
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
}
