package io.pangea.objects.internal;

import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ObjectStore;
import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.ProgressListener;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.api.objects.VerifyReport;
import io.pangea.api.selection.ProviderSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's object store: the pipeline on a bounded pool of CPU threads (one per core), objects under
 * {@code <data directory>/objects}, the keyring in {@code <data directory>/keyring}. Providers are leased from the
 * selector for every segment; the hardware facts size the segments and pick the compression level per put.
 */
@Component(name = ObjectStoreComponent.PID, service = ObjectStore.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ObjectsConfiguration.class)
public class ObjectStoreComponent implements ObjectStore {
    static final String PID = "io.pangea.objects";
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor cpu;
    private final ObjectPipeline pipeline;
    private final Keyring keyring;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile HardwareFacts facts;

    @Activate
    public ObjectStoreComponent(@Reference(name = "selector") ProviderSelector selector,
                                ObjectsConfiguration configuration)
            throws IOException {
        this(selector, dataDirectory(configuration.dataDirectory()), new ObjectPipeline.Settings(
                configuration.dataShards(), configuration.parityShards(), configuration.segmentSize(),
                configuration.segmentsInFlight(), ObjectPipeline.SEGMENTS_PER_PAGE), configuration.cpuThreads());
    }

    /** For tests and embedding: everything explicit. */
    ObjectStoreComponent(ProviderSelector selector, Path dataDirectory, ObjectPipeline.Settings settings,
                         int cpuThreads) throws IOException {
        createPrivateDirectory(dataDirectory);
        int threads = cpuThreads > 0 ? cpuThreads : Runtime.getRuntime().availableProcessors();
        String prefix = "pangea-objects-" + POOLS.incrementAndGet() + "-cpu-";
        AtomicInteger count = new AtomicInteger();
        // The segments in flight bound the queue; the capacity is only a backstop.
        this.cpu = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
                task -> {
                    Thread thread = new Thread(task, prefix + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.cpu.allowCoreThreadTimeOut(true);
        this.pipeline = new ObjectPipeline(selector, cpu, dataDirectory.resolve("objects"), settings,
                () -> Optional.ofNullable(facts), CompressionLevelPolicy.system());
        this.keyring = new Keyring(dataDirectory.resolve("keyring"));
    }

    static Path dataDirectory(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured.trim());
        }
        String karafData = System.getProperty("karaf.data");
        return (karafData != null ? Paths.get(karafData) : Paths.get("data")).resolve("pangea");
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            try {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the keyring's own mode is all there is.
            }
        }
    }

    void setFacts(HardwareFacts facts) {
        this.facts = facts;
    }

    ObjectPipeline pipeline() {
        return pipeline;
    }

    Keyring keyring() {
        return keyring;
    }

    @Deactivate
    void deactivate() {
        cpu.shutdown();
    }

    @Override
    public ReadCapability put(Path source, PutOptions options, ProgressListener progress) throws ObjectStoreException {
        return putWithOutcome(source, options, progress).capability();
    }

    ObjectPipeline.PutOutcome putWithOutcome(Path source, PutOptions options, ProgressListener progress)
            throws ObjectStoreException {
        PutOptions effective = options == null ? PutOptions.defaults() : options;
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        ObjectPipeline.PutOutcome outcome = pipeline.put(source, effective, listener, fileId -> {
            try {
                return keyring.find(fileId).map(KeyringEntry::capability);
            } catch (IOException e) {
                return Optional.empty();
            }
        });
        if (outcome.alreadyStored()) {
            return outcome;
        }
        try {
            Optional<KeyringEntry> previous = keyring.find(outcome.capability().fileId());
            keyring.put(new KeyringEntry(outcome.capability(), outcome.root().name(), outcome.root().size(),
                    Instant.ofEpochMilli(outcome.root().createdMillis())));
            if (previous.isPresent() && !previous.get().capability().equals(outcome.capability())) {
                // The file was stored before in another shape (K, M) or is damaged: the new object replaces it.
                pipeline.delete(previous.get().capability());
            }
        } catch (IOException | RuntimeException e) {
            // Without its keyring entry the object could not be found again: it must not stay behind.
            pipeline.delete(outcome.capability());
            throw Failures.of(e, "keeping the read capability of " + source + " in the keyring " + keyring.file());
        }
        return outcome;
    }

    @Override
    public Path get(ReadCapability capability, Path output, boolean replace, ProgressListener progress)
            throws ObjectStoreException {
        try {
            return pipeline.get(capability, output, replace, progress == null ? ProgressListener.NONE : progress)
                    .output();
        } catch (ObjectStoreException e) {
            throw explainNotFound(capability, e);
        }
    }

    @Override
    public VerifyReport verify(ReadCapability capability, boolean repair, ProgressListener progress)
            throws ObjectStoreException {
        try {
            return pipeline.verify(capability, repair, progress == null ? ProgressListener.NONE : progress);
        } catch (ObjectStoreException e) {
            throw explainNotFound(capability, e);
        }
    }

    /**
     * The storage index hides the file id, so a wrong key simply finds nothing; the keyring can tell that case
     * from a file that was never stored.
     */
    private ObjectStoreException explainNotFound(ReadCapability capability, ObjectStoreException e) {
        if (e.kind() != Kind.NOT_FOUND) {
            return e;
        }
        try {
            Optional<KeyringEntry> kept = keyring.find(capability.fileId());
            if (kept.isPresent() && !Arrays.equals(kept.get().capability().key(), capability.key())) {
                return new ObjectStoreException(Kind.WRONG_KEY, "wrong key for file " + capability.fileIdHex()
                        + " (" + kept.get().name() + "): the keyring of this node holds another key for it", e);
            }
        } catch (IOException ignored) {
            // The keyring cannot tell; the original message stands.
        }
        return e;
    }

    @Override
    public List<KeyringEntry> list() throws ObjectStoreException {
        try {
            return keyring.entries();
        } catch (IOException e) {
            throw Failures.of(e, "reading the keyring " + keyring.file());
        }
    }

    @Override
    public ReadCapability resolve(String capabilityOrFileId) throws ObjectStoreException {
        String text = capabilityOrFileId == null ? "" : capabilityOrFileId.trim();
        if (ReadCapability.looksLikeCapability(text)) {
            return ReadCapability.parse(text);
        }
        if (text.length() < 8 || !text.matches("[0-9a-fA-F]+") || text.length() > 64) {
            throw new IllegalArgumentException("'" + text + "' is neither a read capability (pangea:<file id>:<key>) "
                    + "nor a file id (64 hex digits, or a prefix of at least 8)");
        }
        String prefix = text.toLowerCase(Locale.ROOT);
        List<KeyringEntry> matches = list().stream().filter(e -> e.fileIdHex().startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new ObjectStoreException(Kind.NOT_FOUND, "no file " + text + " in the keyring of this node ("
                    + keyring.file() + "); give its read capability instead");
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException("file id prefix " + text + " is ambiguous: "
                    + String.join(", ", matches.stream().map(e -> e.fileIdHex().substring(0, 16) + "… ("
                    + e.name() + ")").toList()));
        }
        return matches.get(0).capability();
    }
}
