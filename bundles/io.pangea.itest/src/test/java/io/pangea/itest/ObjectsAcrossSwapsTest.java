package io.pangea.itest;

import io.pangea.api.Capability;
import io.pangea.api.objects.ObjectStore;
import io.pangea.api.objects.ProgressListener;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.api.objects.VerifyReport;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files put through the real object store come back bit for bit, whatever the node swapped in between: native
 * providers masked away, the storage engine changed, a compression provider stopped in the middle of a put.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ObjectsAcrossSwapsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ProviderSelector selector;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @InjectService(timeout = 15_000)
    ObjectStore objects;

    @TempDir
    Path directory;

    @AfterEach
    void restore() throws Exception {
        mask("");
        bundle("io.pangea.compression.zstd").start();
        awaitActive(Capability.STORAGE, "io_uring");
        awaitActive(Capability.COMPRESSION, "zstd");
    }

    @Test
    void putWithNativeProvidersGetWithTheirFallbacks() throws Exception {
        awaitActive(Capability.STORAGE, "io_uring");
        awaitActive(Capability.ERASURE, "isal");
        awaitActive(Capability.CIPHER, "xchacha20-poly1305-native");
        byte[] content = text(3_000_000);
        Path original = Files.write(directory.resolve("original.txt"), content);
        ReadCapability capability = objects.put(original, PutOptions.defaults(), ProgressListener.NONE);

        // No AVX2, no AES-NI, no io_uring: every capability falls back to its portable provider.
        mask("cpu.avx2, cpu.aes, io_uring.usable");
        awaitActive(Capability.STORAGE, "threaded");
        awaitActive(Capability.ERASURE, "java");
        awaitActive(Capability.CIPHER, "xchacha20-poly1305-java");

        Path copy = objects.get(capability, directory.resolve("copy.txt"), false, ProgressListener.NONE);
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        VerifyReport report = objects.verify(capability, false, ProgressListener.NONE);
        assertThat(report.healthy()).as(report.toString()).isTrue();
    }

    @Test
    void stoppingZstdDuringALongPutStillStoresAReadableFile() throws Exception {
        awaitActive(Capability.COMPRESSION, "zstd");
        byte[] content = text(24_000_000);
        Path original = Files.write(directory.resolve("long.txt"), content);
        Bundle zstd = bundle("io.pangea.compression.zstd");
        AtomicBoolean stopped = new AtomicBoolean();
        ReadCapability capability = objects.put(original, PutOptions.defaults(), (phase, done, total) -> {
            if (phase == ProgressListener.Phase.STORING && done > total / 3 && stopped.compareAndSet(false, true)) {
                try {
                    zstd.stop();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        assertThat(stopped).as("zstd was stopped mid-put").isTrue();
        assertThat(activeName(Capability.COMPRESSION)).isEqualTo("none");

        zstd.start();
        awaitActive(Capability.COMPRESSION, "zstd");
        Path copy = objects.get(capability, directory.resolve("long-copy.txt"), false, ProgressListener.NONE);
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
    }

    private static byte[] text(int size) {
        Random random = new Random(size);
        String[] words = {"shard ", "segment ", "parity ", "peer ", "key ", "node ", "fabric\n"};
        StringBuilder text = new StringBuilder(size + 16);
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]);
        }
        return text.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private void mask(String facts) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("io.pangea.probe", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("mask", facts);
        configuration.update(properties);
    }

    private String activeName(Capability capability) {
        return selector.active(capability).map(ProviderStatus::provider).orElse("<none>");
    }

    private void awaitActive(Capability capability, String provider) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!activeName(capability).equals(provider)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + provider + " to be the active " + capability.id()
                        + " provider; the selector says " + selector.providers(capability));
            }
            Thread.sleep(20);
        }
    }
}
