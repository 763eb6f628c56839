package io.pangea.objects.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;
import io.pangea.api.erasure.ShardChecks;
import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.ProgressListener;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.api.objects.VerifyReport;
import io.pangea.api.objects.VerifyReport.ShardFault;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Put, get and verify of whole objects: the manifest around the segments that {@link PutOperation} stores and
 * {@link SegmentReader} reads back. Every operation is bounded in memory by its plan's segments in flight and
 * accounts its buffers in its own {@link BufferPool}.
 */
final class ObjectPipeline {
    /** Segment records per manifest page: about 600 bytes each with 10 + 4 shards. */
    static final int SEGMENTS_PER_PAGE = 512;
    private static final int HASH_BUFFER = 1 << 20;

    /**
     * The node's defaults.
     *
     * @param segmentSize      0 for the chunker's tier
     * @param segmentsInFlight 0 for the chunker's choice
     */
    record Settings(int dataShards, int parityShards, int segmentSize, int segmentsInFlight, int segmentsPerPage) {
        Settings {
            ShardChecks.counts(dataShards, parityShards);
        }
    }

    record PutOutcome(ReadCapability capability, ManifestRoot root, Chunker.Plan plan, int level, long bufferHighWater,
                      boolean alreadyStored) {
    }

    record GetOutcome(Path output, ManifestRoot root, Chunker.Plan plan, long bufferHighWater) {
    }

    private final ProviderSelector selector;
    private final Executor cpu;
    private final ObjectFiles files;
    private final Settings settings;
    private final Supplier<Optional<HardwareFacts>> facts;
    private final CompressionLevelPolicy levels;

    ObjectPipeline(ProviderSelector selector, Executor cpu, Path objectDirectory, Settings settings,
                   Supplier<Optional<HardwareFacts>> facts, CompressionLevelPolicy levels) {
        this.selector = selector;
        this.cpu = cpu;
        this.files = new ObjectFiles(selector, new ObjectLayout(objectDirectory));
        this.settings = settings;
        this.facts = facts;
        this.levels = levels;
    }

    ObjectLayout layout() {
        return files.layout();
    }

    Chunker.Plan plan(int dataShards, int parityShards, int segmentSize) {
        Optional<HardwareFacts> known = facts.get();
        return Chunker.plan(Chunker.usableMemory(known), Chunker.cores(known), dataShards, parityShards,
                segmentSize > 0 ? segmentSize : settings.segmentSize(), settings.segmentsInFlight());
    }

    /**
     * @param alreadyStored the capability under which the node already keeps a file of this id, if any: when it is
     *                      readable and of the same K and M, the file is not stored again
     */
    PutOutcome put(Path source, PutOptions options, ProgressListener listener,
                   java.util.function.Function<byte[], Optional<ReadCapability>> alreadyStored)
            throws ObjectStoreException {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        int k = options.dataShards() == PutOptions.DEFAULT ? settings.dataShards() : options.dataShards();
        int m = options.parityShards() == PutOptions.DEFAULT ? settings.parityShards() : options.parityShards();
        ShardChecks.counts(k, m);
        if (!Files.exists(source)) {
            throw new ObjectStoreException(Kind.NOT_FOUND, "no such file: " + source);
        }
        if (!Files.isRegularFile(source)) {
            throw new ObjectStoreException(Kind.IO, source + " is not a regular file");
        }
        String name = options.name() != null && !options.name().isBlank() ? options.name()
                : String.valueOf(source.getFileName());
        Optional<HardwareFacts> known = facts.get();
        Chunker.Plan plan = plan(k, m, 0);
        int level = options.compressionLevel() != PutOptions.DEFAULT ? options.compressionLevel()
                : levels.target(Chunker.cores(known), Chunker.usableMemory(known));

        long size;
        byte[] fileId;
        try {
            size = Files.size(source);
            fileId = hash(source, size, progress);
        } catch (IOException e) {
            throw Failures.of(e, "reading " + source);
        }
        Optional<ReadCapability> existing = alreadyStored.apply(fileId);
        if (existing.isPresent()) {
            Optional<ManifestRoot> root = readable(existing.get());
            if (root.isPresent() && root.get().dataShards() == k && root.get().parityShards() == m) {
                progress.progress(ProgressListener.Phase.STORING, size, size);
                return new PutOutcome(existing.get(), root.get(), plan, level, 0, true);
            }
        }

        byte[] fileKey = ObjectKeys.newFileKey();
        ObjectKeys keys = new ObjectKeys(fileKey, fileId);
        ReadCapability capability = new ReadCapability(fileId, fileKey);
        ObjectKeys.wipe(fileKey);
        BufferPool pool = new BufferPool();
        PutOperation operation = new PutOperation(selector, cpu, files, keys, plan, k, m, level,
                settings.segmentsPerPage(), pool, progress);
        try {
            long segments = operation.storeSegments(source, size);
            ManifestRoot root = new ManifestRoot(size, name, System.currentTimeMillis(), k, m, plan.segmentSize(),
                    segments, settings.segmentsPerPage(), operation.pages(), ObjectLayout.CODEC);
            Wire.Writer body = new Wire.Writer(128);
            root.write(body);
            byte[] sealed;
            try (Lease<Aead> aead = selector.lease(Aead.class)) {
                sealed = ManifestEnvelope.seal(ManifestEnvelope.ROOT, body.toByteArray(), keys, aead.provider());
            }
            // The root is written last: until it exists there is no object, only parts of one.
            files.writeWhole(files.layout().manifest(keys.storageIndex()), sealed);
            return new PutOutcome(capability, root, plan, level, pool.highWater(), false);
        } catch (Throwable failure) {
            boolean interrupted = Thread.interrupted();
            operation.abandon();
            try {
                files.delete(keys.storageIndex());
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw Failures.of(failure, "storing " + source);
        }
    }

    /** The file id: SHA-256 of the file, read once before anything is stored. */
    private static byte[] hash(Path source, long size, ProgressListener progress) throws IOException {
        MessageDigest digest = Segments.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
        long done = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                buffer.flip();
                done += buffer.remaining();
                digest.update(buffer);
                progress.progress(ProgressListener.Phase.HASHING, Math.min(done, size), size);
                if (Thread.interrupted()) {
                    throw new java.io.InterruptedIOException("interrupted while hashing " + source);
                }
            }
        }
        return digest.digest();
    }

    /** The root of the object, if it is there and opens with the capability's key. */
    Optional<ManifestRoot> readable(ReadCapability capability) {
        try {
            return Optional.of(readRoot(new ObjectKeys(capability.key(), capability.fileId())));
        } catch (ObjectStoreException e) {
            return Optional.empty();
        }
    }

    boolean exists(ReadCapability capability) {
        return files.exists(new ObjectKeys(capability.key(), capability.fileId()).storageIndex());
    }

    ManifestRoot readRoot(ObjectKeys keys) throws ObjectStoreException {
        Path file = files.layout().manifest(keys.storageIndex());
        String fileId = HexFormat.of().formatHex(keys.fileId());
        ByteBuffer bytes;
        try {
            bytes = files.readWhole(file);
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(Kind.NOT_FOUND, "no object of file " + fileId + " under this key on this "
                    + "node: the key is wrong, or the file was never stored here");
        } catch (IOException e) {
            throw Failures.of(e, "reading the manifest of file " + fileId);
        }
        ByteBuffer body = open(bytes, ManifestEnvelope.ROOT, keys, "the manifest of file " + fileId);
        try {
            return ManifestRoot.read(new Wire.Reader(body, "manifest"));
        } catch (Wire.FormatException e) {
            throw new ObjectStoreException(Kind.CORRUPTED, "the manifest of file " + fileId + " is corrupted: "
                    + e.getMessage());
        }
    }

    private List<SegmentRecord> readPage(ObjectKeys keys, ManifestRoot root, int page, long firstSegment)
            throws ObjectStoreException {
        String fileId = HexFormat.of().formatHex(keys.fileId());
        String what = "page " + page + " of the manifest of file " + fileId;
        ByteBuffer bytes;
        try {
            bytes = files.readWhole(files.layout().page(keys.storageIndex(), page));
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(Kind.CORRUPTED, what + " is missing");
        } catch (IOException e) {
            throw Failures.of(e, "reading " + what);
        }
        ByteBuffer body = open(bytes, page, keys, what);
        try {
            Wire.Reader in = new Wire.Reader(body, what);
            int count = in.count("segment count");
            long expected = Math.min(root.segmentsPerPage(), root.segmentCount() - firstSegment);
            if (count != expected) {
                throw new Wire.FormatException("it holds " + count + " segments, not " + expected);
            }
            List<SegmentRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                SegmentRecord record = SegmentRecord.read(in);
                if (record.segment() != firstSegment + i || record.shardHashes().size()
                        != root.dataShards() + root.parityShards()) {
                    throw new Wire.FormatException("segment record " + i + " is out of place");
                }
                records.add(record);
            }
            return records;
        } catch (Wire.FormatException e) {
            throw new ObjectStoreException(Kind.CORRUPTED, what + " is corrupted: " + e.getMessage());
        }
    }

    private ByteBuffer open(ByteBuffer bytes, int page, ObjectKeys keys, String what) throws ObjectStoreException {
        ManifestEnvelope.Parsed parsed;
        try {
            parsed = ManifestEnvelope.parse(bytes, page, keys.storageIndex());
        } catch (Wire.FormatException e) {
            throw new ObjectStoreException(Kind.CORRUPTED, what + " is corrupted: " + e.getMessage());
        }
        try (Lease<Aead> aead = selector.lease(Aead.class, parsed.cipher())) {
            return ManifestEnvelope.open(parsed, keys, aead.provider());
        } catch (AuthenticationException e) {
            // The storage index came from this key, so the key is right: the file was altered.
            throw new ObjectStoreException(Kind.CORRUPTED, what + " is corrupted: it failed authentication ("
                    + parsed.cipher() + ")", e);
        } catch (RuntimeException e) {
            throw Failures.of(e, "opening " + what);
        }
    }

    /**
     * Rebuilds the file into {@code output} (or under its stored name into the directory {@code output}) through
     * a temporary file beside it, renamed once the whole file is there and hashes to its file id.
     */
    GetOutcome get(ReadCapability capability, Path output, boolean replace, ProgressListener listener)
            throws ObjectStoreException {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        ObjectKeys keys = new ObjectKeys(capability.key(), capability.fileId());
        ManifestRoot root = readRoot(keys);
        Path target = Files.isDirectory(output) ? output.resolve(safeName(root.name(), capability)) : output;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !replace) {
            throw new ObjectStoreException(Kind.EXISTS, target + " already exists (replace it with --force)");
        }
        Path directory = target.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new ObjectStoreException(Kind.NOT_FOUND, "the directory of " + target + " does not exist");
        }
        Path temp = directory.resolve("." + target.getFileName() + "."
                + HexFormat.of().formatHex(ObjectKeys.random(8)) + ".part");
        Chunker.Plan plan = plan(root.dataShards(), root.parityShards(), root.segmentSize());
        BufferPool pool = new BufferPool();
        SegmentReader reader = new SegmentReader(selector, cpu, files, keys, root, pool);
        ArrayDeque<CompletableFuture<ByteBuffer>> inFlight = new ArrayDeque<>();
        String doing = "rebuilding file " + capability.fileIdHex() + " into " + target;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                MessageDigest digest = Segments.sha256();
                long[] written = {0};
                long segment = 0;
                for (int page = 0; page < root.pageCount(); page++) {
                    for (SegmentRecord record : readPage(keys, root, page, segment)) {
                        if (record.offset() != (long) segment * root.segmentSize()) {
                            throw new ObjectStoreException(Kind.CORRUPTED, "the manifest of file "
                                    + capability.fileIdHex() + " puts segment " + segment + " at offset " + record.offset());
                        }
                        while (inFlight.size() >= plan.segmentsInFlight()) {
                            writeOldest(inFlight, out, digest, pool, written, root, progress);
                        }
                        inFlight.add(reader.plaintext(record));
                        segment++;
                    }
                }
                while (!inFlight.isEmpty()) {
                    writeOldest(inFlight, out, digest, pool, written, root, progress);
                }
                if (written[0] != root.size()) {
                    throw new ObjectStoreException(Kind.CORRUPTED, "file " + capability.fileIdHex() + " rebuilt to "
                            + written[0] + " bytes, its manifest says " + root.size());
                }
                if (!Arrays.equals(digest.digest(), keys.fileId())) {
                    throw new ObjectStoreException(Kind.CORRUPTED, "the rebuilt file's SHA-256 is not its file id "
                            + capability.fileIdHex());
                }
                out.force(true);
            }
            if (replace) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return new GetOutcome(target, root, plan, pool.highWater());
        } catch (Throwable failure) {
            boolean interrupted = Thread.interrupted();
            for (CompletableFuture<ByteBuffer> f : inFlight) {
                f.handle((plain, error) -> {
                    pool.release(plain);
                    return null;
                }).join();
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof FileAlreadyExistsException) {
                throw new ObjectStoreException(Kind.EXISTS, target + " already exists (replace it with --force)");
            }
            throw Failures.of(failure, doing);
        }
    }

    private static void writeOldest(ArrayDeque<CompletableFuture<ByteBuffer>> inFlight, FileChannel out,
                                    MessageDigest digest, BufferPool pool, long[] written, ManifestRoot root,
                                    ProgressListener progress) throws IOException, InterruptedException {
        ByteBuffer plain;
        try {
            plain = inFlight.peek().get();
        } catch (ExecutionException e) {
            throw Failures.of(e, "rebuilding a segment");
        }
        inFlight.poll();
        try {
            digest.update(plain.duplicate());
            written[0] += plain.remaining();
            while (plain.hasRemaining()) {
                out.write(plain);
            }
        } finally {
            pool.release(plain);
        }
        progress.progress(ProgressListener.Phase.READING, written[0], root.size());
    }

    /** The stored name as a file name in the output directory: no directories, never empty. */
    static String safeName(String name, ReadCapability capability) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replace("\0", "");
        return base.isBlank() || base.equals(".") || base.equals("..") ? capability.fileIdHex() : base;
    }

    /** Checks every shard of the object; see {@link SegmentReader#verify}. */
    VerifyReport verify(ReadCapability capability, boolean repair, ProgressListener listener)
            throws ObjectStoreException {
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        ObjectKeys keys = new ObjectKeys(capability.key(), capability.fileId());
        ManifestRoot root = readRoot(keys);
        Chunker.Plan plan = plan(root.dataShards(), root.parityShards(), root.segmentSize());
        BufferPool pool = new BufferPool();
        SegmentReader reader = new SegmentReader(selector, cpu, files, keys, root, pool);
        ArrayDeque<CompletableFuture<SegmentReader.Check>> inFlight = new ArrayDeque<>();
        List<ShardFault> faults = new ArrayList<>();
        List<Long> unrecoverable = new ArrayList<>();
        long segment = 0;
        long[] done = {0};
        try {
            for (int page = 0; page < root.pageCount(); page++) {
                for (SegmentRecord record : readPage(keys, root, page, segment)) {
                    while (inFlight.size() >= plan.segmentsInFlight()) {
                        collect(inFlight, faults, unrecoverable, root, done, progress);
                    }
                    inFlight.add(reader.verify(record, repair));
                    segment++;
                }
            }
            while (!inFlight.isEmpty()) {
                collect(inFlight, faults, unrecoverable, root, done, progress);
            }
        } catch (Throwable failure) {
            boolean interrupted = Thread.interrupted();
            for (CompletableFuture<?> f : inFlight) {
                f.handle((check, error) -> null).join();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw Failures.of(failure, "verifying file " + capability.fileIdHex());
        }
        return new VerifyReport(capability.fileIdHex(), root.name(), root.size(), root.segmentCount(),
                root.segmentCount() * (root.dataShards() + root.parityShards()), faults, unrecoverable);
    }

    private static void collect(ArrayDeque<CompletableFuture<SegmentReader.Check>> inFlight, List<ShardFault> faults,
                                List<Long> unrecoverable, ManifestRoot root, long[] done, ProgressListener progress)
            throws IOException, InterruptedException {
        SegmentReader.Check check;
        try {
            check = inFlight.peek().get();
        } catch (ExecutionException e) {
            throw Failures.of(e, "verifying a segment");
        }
        inFlight.poll();
        faults.addAll(check.faults());
        if (check.unrecoverable()) {
            unrecoverable.add(check.segment());
        }
        done[0] = Math.min(root.size(), (check.segment() + 1) * root.segmentSize());
        progress.progress(ProgressListener.Phase.VERIFYING, done[0], root.size());
    }

    /** Deletes the object's files; nothing when it is not there. */
    void delete(ReadCapability capability) throws ObjectStoreException {
        byte[] index = new ObjectKeys(capability.key(), capability.fileId()).storageIndex();
        try {
            files.delete(index);
        } catch (IOException e) {
            throw Failures.of(e, "deleting file " + capability.fileIdHex());
        }
    }
}
