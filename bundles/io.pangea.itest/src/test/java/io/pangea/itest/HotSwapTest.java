package io.pangea.itest;

import io.pangea.api.Capability;
import io.pangea.api.ProviderProperties;
import io.pangea.api.compression.CompressionException;
import io.pangea.api.compression.Compressor;
import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HotSwapTest {
    private static final String ZSTD_BUNDLE = "io.pangea.compression.zstd";
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ProviderSelector selector;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @InjectService
    LogReaderService logReader;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @BeforeEach
    void zstdIsTheStartingPoint() throws Exception {
        awaitActive("zstd");
    }

    @AfterEach
    void restore() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        for (String pid : List.of("io.pangea.selector", "io.pangea.probe")) {
            Configuration[] existing = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
            if (existing != null) {
                for (Configuration c : existing) {
                    c.delete();
                }
            }
        }
        List<Bundle> zstd = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (ZSTD_BUNDLE.equals(b.getSymbolicName())) {
                zstd.add(b);
            }
        }
        assertThat(zstd).as("installed zstd bundles").hasSize(1);
        zstd.get(0).start();
        awaitActive("zstd");
    }

    @Test
    void zstdIsActiveByDefaultAndNoneIsTheEligibleFallback() {
        List<ProviderStatus> providers = selector.providers(Capability.COMPRESSION);
        assertThat(providers).extracting(ProviderStatus::provider).containsExactly("zstd", "none");
        assertThat(providers).allMatch(ProviderStatus::eligible);
        assertThat(providers.get(0).active()).isTrue();
        assertThat(providers.get(0).bundle()).isEqualTo(ZSTD_BUNDLE);
        try (Lease<Compressor> lease = selector.lease(Compressor.class)) {
            assertThat(lease.name()).isEqualTo("zstd");
            assertThat(lease.provider().codec()).isEqualTo("zstd");
        }
    }

    @Test
    void stoppingZstdMakesNoneActiveAndStartingItRestoresZstd() throws Exception {
        Bundle zstd = bundle(ZSTD_BUNDLE);
        zstd.stop();
        awaitActive("none");
        assertThat(selector.providers(Capability.COMPRESSION)).extracting(ProviderStatus::provider)
                .containsExactly("none");
        try (Lease<Compressor> lease = selector.lease(Compressor.class)) {
            assertThat(lease.codec()).isEqualTo("none");
        }
        assertThat(logged("compression: active provider zstd -> none")).isTrue();

        zstd.start();
        awaitActive("zstd");
        assertThat(logged("compression: active provider none -> zstd")).isTrue();
    }

    @Test
    void uninstallingZstdMakesNoneActiveAndReinstallingRestoresZstd() throws Exception {
        Bundle zstd = bundle(ZSTD_BUNDLE);
        byte[] jar;
        try (InputStream in = new java.net.URL(zstd.getLocation().replaceFirst("^reference:", "")).openStream()) {
            jar = in.readAllBytes();
        }
        zstd.uninstall();
        awaitActive("none");
        assertThat(bundle(ZSTD_BUNDLE)).isNull();

        // Installed through the test bundle's own context: the injected one uninstalls what it installed when
        // the test ends, and this bundle must stay for the tests that follow.
        Bundle again = org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext()
                .installBundle("itest:" + ZSTD_BUNDLE, new ByteArrayInputStream(jar));
        again.start();
        awaitActive("zstd");
    }

    @Test
    void maskOfARequiredFactMakesTheProviderIneligibleWithItsReason() throws Exception {
        register("fast-copy", 1000, "cpu.cores>=1");
        awaitActive("fast-copy");

        setConfiguration("io.pangea.probe", "mask", "cpu.cores");
        awaitActive("zstd");
        ProviderStatus masked = status("fast-copy");
        assertThat(masked.eligible()).isFalse();
        assertThat(masked.reasons()).singleElement().asString()
                .contains("requires cpu.cores>=1").contains("(masked)");
        assertThat(context.getService(context.getServiceReference(HardwareFacts.class)).get("cpu.cores"))
                .get().matches(f -> f.masked() && f.asLong() == 0, "cpu.cores masked to 0");

        setConfiguration("io.pangea.probe", "mask", "");
        awaitActive("fast-copy");
    }

    @Test
    void providerThatReportsItselfUnavailableIsIneligibleWithItsReason() throws Exception {
        Hashtable<String, Object> properties = providerProperties("broken-native", 1000);
        properties.put(ProviderProperties.UNAVAILABLE, "libbroken.so: cannot open shared object file");
        registrations.add(context.registerService(Compressor.class, new CopyCompressor(), properties));
        await(() -> status("broken-native") != null, "broken-native listed");
        assertThat(status("broken-native").eligible()).isFalse();
        assertThat(status("broken-native").reasons()).containsExactly("libbroken.so: cannot open shared object file");
        assertThat(activeName()).isEqualTo("zstd");
    }

    @Test
    void overrideWinsAndAutoReturnsToTheRanking() throws Exception {
        selector.select(Capability.COMPRESSION, "none");
        assertThat(activeName()).isEqualTo("none");
        assertThat(selector.override(Capability.COMPRESSION)).contains("none");
        // the override is persisted in the selector's configuration (etc/io.pangea.selector.cfg in Karaf)
        Dictionary<String, Object> stored = configurationAdmin.getConfiguration("io.pangea.selector", "?").getProperties();
        assertThat(stored.get("compression")).isEqualTo("none");
        try (Lease<Compressor> lease = selector.lease(Compressor.class)) {
            assertThat(lease.name()).isEqualTo("none");
        }

        selector.select(Capability.COMPRESSION, ProviderSelector.AUTO);
        awaitActive("zstd");
        assertThat(selector.override(Capability.COMPRESSION)).isEmpty();
    }

    @Test
    void overrideFromTheConfigurationFileWinsToo() throws Exception {
        setConfiguration("io.pangea.selector", "compression", "none");
        awaitActive("none");
        setConfiguration("io.pangea.selector", "compression", "auto");
        awaitActive("zstd");
    }

    @Test
    void overrideOfAProviderThatLeavesFallsBackAndReturnsWithIt() throws Exception {
        register("fast-copy", -5);
        selector.select(Capability.COMPRESSION, "fast-copy");
        awaitActive("fast-copy");
        registrations.remove(0).unregister();
        awaitActive("zstd");
        assertThat(selector.override(Capability.COMPRESSION)).contains("fast-copy");
        register("fast-copy", -5);
        awaitActive("fast-copy");
    }

    @Test
    void unknownOrIneligibleProvidersAreRefusedWithClearMessages() throws Exception {
        assertThatThrownBy(() -> selector.select(Capability.COMPRESSION, "lz4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown provider 'lz4' for compression; installed: zstd, none (or auto)");
        register("needs-many-cores", 5, "cpu.cores>=100000");
        await(() -> status("needs-many-cores") != null, "needs-many-cores listed");
        assertThatThrownBy(() -> selector.select(Capability.COMPRESSION, "needs-many-cores"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not eligible").hasMessageContaining("cpu.cores>=100000");
        assertThat(activeName()).isEqualTo("zstd");
    }

    @Test
    void aStreamInFlightFinishesOnItsProviderAcrossTheSwap() throws Exception {
        byte[] data = text(4 << 20);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String codec;
        try (Lease<Compressor> lease = selector.lease(Compressor.class);
             OutputStream out = lease.provider().compressing(sink, lease.provider().levels().standard())) {
            codec = lease.codec();
            out.write(data, 0, data.length / 2);
            bundle(ZSTD_BUNDLE).stop();
            awaitActive("none");
            out.write(data, data.length / 2, data.length - data.length / 2);
        }
        assertThat(codec).isEqualTo("zstd");
        assertThat(sink.size()).isLessThan(data.length / 10);

        bundle(ZSTD_BUNDLE).start();
        awaitActive("zstd");
        try (Lease<Compressor> reader = selector.lease(Compressor.class, codec);
             InputStream in = reader.provider().decompressing(new ByteArrayInputStream(sink.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void blockCompressionDuringRepeatedSwapsAlwaysRoundTrips() throws Exception {
        record Block(byte[] original, String codec, byte[] compressed) {
        }
        List<Block> blocks = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<?> work = worker.submit(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                for (int i = 0; i < 5_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                    byte[] original = text(64 * 1024 + i);
                    try (Lease<Compressor> lease = selector.lease(Compressor.class)) {
                        Compressor c = lease.provider();
                        ByteBuffer out = ByteBuffer.allocate(c.maxCompressedLength(original.length));
                        c.compress(ByteBuffer.wrap(original), out, c.levels().standard());
                        blocks.add(new Block(original, lease.codec(), java.util.Arrays.copyOf(out.array(), out.position())));
                    }
                }
                return null;
            });
            Bundle zstd = bundle(ZSTD_BUNDLE);
            for (int swap = 0; swap < 4; swap++) {
                Thread.sleep(100);
                zstd.stop();
                awaitActive("none");
                Thread.sleep(100);
                zstd.start();
                awaitActive("zstd");
            }
            stop.set(true);
            work.get(30, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            worker.shutdownNow();
        }

        Set<String> codecs = new HashSet<>();
        synchronized (blocks) {
            assertThat(blocks).isNotEmpty();
            for (Block b : blocks) {
                codecs.add(b.codec());
                try (Lease<Compressor> reader = selector.lease(Compressor.class, b.codec())) {
                    ByteBuffer back = ByteBuffer.allocate(b.original().length);
                    reader.provider().decompress(ByteBuffer.wrap(b.compressed()), back);
                    assertThat(back.array()).isEqualTo(b.original());
                }
            }
        }
        assertThat(codecs).contains("zstd", "none");
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private static byte[] text(int size) {
        byte[] line = "the quick brown fox stores shards of the lazy dog\n".getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = line[(i + i / 4096) % line.length];
        }
        return data;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private Hashtable<String, Object> providerProperties(String name, int ranking, String... requires) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ProviderProperties.CAPABILITY, "compression");
        properties.put(ProviderProperties.PROVIDER, name);
        properties.put(ProviderProperties.CODEC, "none");
        properties.put(ProviderProperties.REQUIRES, requires);
        properties.put("service.ranking", ranking);
        return properties;
    }

    private void register(String name, int ranking, String... requires) {
        registrations.add(context.registerService(Compressor.class, new CopyCompressor(),
                providerProperties(name, ranking, requires)));
    }

    private void setConfiguration(String pid, String key, String value) throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put(key, value);
        configuration.update(properties);
    }

    private String activeName() {
        return selector.active(Capability.COMPRESSION).map(ProviderStatus::provider).orElse("<none>");
    }

    private ProviderStatus status(String provider) {
        return selector.providers(Capability.COMPRESSION).stream()
                .filter(p -> p.provider().equals(provider)).findFirst().orElse(null);
    }

    private boolean logged(String text) {
        for (LogEntry entry : Collections.list(logReader.getLog())) {
            if (entry.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong in the framework, for a failure message. */
    private List<String> warnings() {
        List<String> lines = new ArrayList<>();
        for (LogEntry entry : Collections.list(logReader.getLog())) {
            if (org.osgi.service.log.LogLevel.WARN.implies(entry.getLogLevel()) || entry.getException() != null) {
                lines.add(entry.getBundle().getSymbolicName() + ": " + entry.getMessage()
                        + (entry.getException() == null ? "" : " — " + entry.getException()));
            }
        }
        return lines;
    }

    private void awaitActive(String provider) throws InterruptedException {
        await(() -> provider.equals(activeName()), new Object() {
            @Override
            public String toString() {
                return "active compression provider " + provider + "; the selector says "
                        + selector.providers(Capability.COMPRESSION) + "; warnings logged: " + warnings();
            }
        });
    }

    private static void await(Supplier<Boolean> condition, Object what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + PATIENCE.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A stand-in provider for the cases the real bundles cannot show (requirements, unavailability). */
    static final class CopyCompressor implements Compressor {
        @Override
        public String codec() {
            return "none";
        }

        @Override
        public Levels levels() {
            return new Levels(0, 0, 0);
        }

        @Override
        public int maxCompressedLength(int sourceLength) {
            return sourceLength;
        }

        @Override
        public int compress(ByteBuffer source, ByteBuffer destination, int level) throws CompressionException {
            int n = source.remaining();
            destination.put(source);
            return n;
        }

        @Override
        public int decompress(ByteBuffer source, ByteBuffer destination) throws CompressionException {
            return compress(source, destination, 0);
        }

        @Override
        public OutputStream compressing(OutputStream sink, int level) {
            return sink;
        }

        @Override
        public InputStream decompressing(InputStream source) {
            return source;
        }
    }
}
