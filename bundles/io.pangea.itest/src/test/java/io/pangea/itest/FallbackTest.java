package io.pangea.itest;

import io.pangea.api.Capability;
import io.pangea.api.cipher.Aead;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native providers are active where the machine allows them, and masking the facts they need switches the
 * node to the pure-Java fallbacks, whose output is byte-identical: data made before the switch is read after it.
 */
@ExtendWith(ServiceExtension.class)
class FallbackTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @InjectService
    ProviderSelector selector;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @AfterEach
    void unmask() throws Exception {
        mask("");
        awaitActive(Capability.ERASURE, "isal");
        awaitActive(Capability.CIPHER, "xchacha20-poly1305-native");
    }

    @Test
    void nativeProvidersAreActiveByDefault() throws Exception {
        awaitActive(Capability.ERASURE, "isal");
        awaitActive(Capability.CIPHER, "xchacha20-poly1305-native");
        assertThat(selector.providers(Capability.ERASURE)).extracting(ProviderStatus::provider)
                .containsExactly("isal", "java");
        assertThat(selector.providers(Capability.CIPHER)).extracting(ProviderStatus::provider)
                .containsExactly("xchacha20-poly1305-native", "aes-256-gcm", "xchacha20-poly1305-java");
    }

    @Test
    void shardsEncodedNativelyAreRebuiltByTheJavaCoderAfterAMask() throws Exception {
        awaitActive(Capability.ERASURE, "isal");
        int k = 10;
        int m = 4;
        int length = 100_003;
        ByteBuffer[] shards = new ByteBuffer[k + m];
        Random random = new Random(7);
        for (int i = 0; i < k + m; i++) {
            byte[] bytes = new byte[length];
            if (i < k) {
                random.nextBytes(bytes);
            }
            shards[i] = ByteBuffer.wrap(bytes);
        }
        try (Lease<ErasureCoder> isal = selector.lease(ErasureCoder.class)) {
            assertThat(isal.name()).isEqualTo("isal");
            isal.provider().encode(Arrays.copyOfRange(shards, 0, k), Arrays.copyOfRange(shards, k, k + m));
        }
        byte[][] original = Arrays.stream(shards).map(b -> b.array().clone()).toArray(byte[][]::new);

        mask("cpu.avx2");
        awaitActive(Capability.ERASURE, "java");
        assertThat(selector.providers(Capability.ERASURE).get(0).reasons()).singleElement().asString()
                .contains("cpu.avx2").contains("(masked)");

        boolean[] present = new boolean[k + m];
        Arrays.fill(present, true);
        for (int lost : new int[] {0, 3, 9, 12}) {
            present[lost] = false;
            Arrays.fill(shards[lost].array(), (byte) 0);
        }
        try (Lease<ErasureCoder> java = selector.lease(ErasureCoder.class)) {
            assertThat(java.name()).isEqualTo("java");
            java.provider().reconstruct(k, shards, present);
        }
        for (int i = 0; i < k + m; i++) {
            assertThat(shards[i].array()).as("shard %d", i).isEqualTo(original[i]);
        }
    }

    @Test
    void sealedNativelyOpensWithTinkWhenTheCipherFallsBack() throws Exception {
        awaitActive(Capability.CIPHER, "xchacha20-poly1305-native");
        byte[] key = new byte[32];
        byte[] nonce = new byte[24];
        byte[] message = new byte[65_537];
        Random random = new Random(11);
        random.nextBytes(key);
        random.nextBytes(nonce);
        random.nextBytes(message);
        ByteBuffer sealed;
        String codec;
        try (Lease<Aead> aead = selector.lease(Aead.class)) {
            codec = aead.codec();
            sealed = ByteBuffer.allocate(message.length + aead.provider().tagLength());
            aead.provider().seal(key, nonce, null, ByteBuffer.wrap(message), sealed);
            sealed.flip();
        }
        assertThat(codec).isEqualTo("xchacha20-poly1305");

        // Without AVX2 and AES-NI the pure-Java XChaCha20-Poly1305 is what is left.
        mask("cpu.avx2, cpu.aes");
        awaitActive(Capability.CIPHER, "xchacha20-poly1305-java");
        try (Lease<Aead> reader = selector.lease(Aead.class, codec)) {
            assertThat(reader.name()).isEqualTo("xchacha20-poly1305-java");
            ByteBuffer opened = ByteBuffer.allocate(message.length);
            reader.provider().open(key, nonce, null, sealed, opened);
            assertThat(opened.array()).isEqualTo(message);
        }
    }

    @Test
    void aReaderOfOneCodecIsServedWhileAnotherCodecIsActive() throws Exception {
        mask("cpu.avx2");
        awaitActive(Capability.CIPHER, "aes-256-gcm");
        try (Lease<Aead> reader = selector.lease(Aead.class, "xchacha20-poly1305")) {
            assertThat(reader.name()).isEqualTo("xchacha20-poly1305-java");
        }
    }

    private void mask(String facts) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("io.pangea.probe", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("mask", facts);
        configuration.update(properties);
    }

    private void awaitActive(Capability capability, String provider) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!selector.active(capability).map(ProviderStatus::provider).orElse("").equals(provider)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + provider + " to be the active " + capability.id()
                        + " provider; the selector says " + selector.providers(capability));
            }
            Thread.sleep(20);
        }
    }
}
