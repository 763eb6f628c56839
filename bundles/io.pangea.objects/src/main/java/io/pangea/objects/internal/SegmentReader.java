package io.pangea.objects.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.cipher.AuthenticationException;
import io.pangea.api.compression.CompressionException;
import io.pangea.api.compression.Compressor;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.api.erasure.ShardChecks;
import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.VerifyReport.ShardFault;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.storage.StorageEngine;

import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Reads the shards of one segment and checks each — header against the manifest, payload against its SHA-256 —
 * before anything uses it; then rebuilds the segment's plaintext (get) or reports and repairs the bad shards
 * (verify). Reads run on the storage engine, checks and decoding on the CPU executor; providers are leased by the
 * codec ids the segment was written with.
 */
final class SegmentReader {
    private final ProviderSelector selector;
    private final Executor cpu;
    private final ObjectFiles files;
    private final ObjectKeys keys;
    private final byte[] storageIndex;
    private final ManifestRoot root;
    private final BufferPool pool;
    private final int dataShards;
    private final int shardCount;
    private final String fileName;

    /** What verification found in one segment. */
    record Check(long segment, List<ShardFault> faults, boolean unrecoverable) {
    }

    SegmentReader(ProviderSelector selector, Executor cpu, ObjectFiles files, ObjectKeys keys, ManifestRoot root,
                  BufferPool pool) {
        this.selector = selector;
        this.cpu = cpu;
        this.files = files;
        this.keys = keys;
        this.storageIndex = keys.storageIndex();
        this.root = root;
        this.pool = pool;
        this.dataShards = root.dataShards();
        this.shardCount = root.dataShards() + root.parityShards();
        this.fileName = "file " + HexFormat.of().formatHex(keys.fileId(), 0, 8) + "… (" + root.name() + ")";
    }

    /** The shards of one segment as read, and what is wrong with each. */
    private final class ShardSet {
        final SegmentRecord record;
        final int headerLength;
        final ByteBuffer[] buffers = new ByteBuffer[shardCount];
        final String[] problems = new String[shardCount];
        final boolean[] checked = new boolean[shardCount];

        ShardSet(SegmentRecord record) {
            this.record = record;
            this.headerLength = record.expectedHeader(storageIndex, 0, dataShards, shardCount - dataShards).length();
        }

        /** Reads shards {@code from} to {@code to}; completes when all reads are done, failed ones included. */
        CompletableFuture<Void> read(StorageEngine engine, int from, int to) {
            int expected = headerLength + record.shardLength();
            int room = Math.max(Chunker.HEADER_ROOM + Chunker.shardRoom(root.segmentSize(), dataShards), expected) + 1;
            List<CompletableFuture<Void>> reads = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int shard = i;
                buffers[i] = pool.acquire(room).limit(expected + 1);
                reads.add(ObjectFiles.readFully(engine, files.layout().shard(storageIndex, record.segment(), i),
                        buffers[i]).handle((count, failure) -> {
                            if (failure != null) {
                                Throwable t = Failures.unwrap(failure);
                                problems[shard] = t instanceof NoSuchFileException ? "missing"
                                        : "unreadable (" + t.getMessage() + ")";
                            }
                            return null;
                        }));
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
        }

        void check(int from, int to) {
            for (int i = from; i < to; i++) {
                checked[i] = true;
                if (problems[i] == null) {
                    problems[i] = problem(i).orElse(null);
                }
            }
        }

        private Optional<String> problem(int shard) {
            ByteBuffer file = buffers[shard].duplicate().flip();
            if (!file.hasRemaining()) {
                return Optional.of("empty");
            }
            ShardHeader header;
            try {
                header = ShardHeader.decode(file);
            } catch (Wire.FormatException e) {
                return Optional.of(e.getMessage());
            }
            Optional<String> mismatch = header.mismatch(record.expectedHeader(storageIndex, shard, dataShards,
                    shardCount - dataShards));
            if (mismatch.isPresent()) {
                return mismatch;
            }
            int expected = headerLength + record.shardLength();
            if (file.remaining() != expected) {
                return Optional.of(file.remaining() > expected ? "longer than the " + expected + " bytes expected"
                        : "truncated (" + file.remaining() + " of " + expected + " bytes)");
            }
            if (!Arrays.equals(Segments.sha256(payload(shard)), record.shardHashes().get(shard))) {
                return Optional.of("payload hash mismatch (corrupted)");
            }
            return Optional.empty();
        }

        ByteBuffer payload(int shard) {
            return Segments.window(buffers[shard], headerLength, record.shardLength());
        }

        int good() {
            int good = 0;
            for (int i = 0; i < shardCount; i++) {
                if (checked[i] && problems[i] == null) {
                    good++;
                }
            }
            return good;
        }

        boolean dataComplete() {
            for (int i = 0; i < dataShards; i++) {
                if (!checked[i] || problems[i] != null) {
                    return false;
                }
            }
            return true;
        }

        /** Rebuilds the bad shards in place from the good ones, through a coder of the segment's codec. */
        void reconstruct() {
            boolean[] present = new boolean[shardCount];
            ByteBuffer[] payloads = new ByteBuffer[shardCount];
            for (int i = 0; i < shardCount; i++) {
                present[i] = checked[i] && problems[i] == null;
                payloads[i] = payload(i);
            }
            try (Lease<ErasureCoder> coder = selector.lease(ErasureCoder.class, record.erasure())) {
                coder.provider().reconstruct(dataShards, payloads, present);
            }
        }

        ObjectStoreException unrecoverable() {
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < shardCount; i++) {
                if (problems[i] != null) {
                    bad.add(ShardChecks.name(i, dataShards) + ": " + problems[i]);
                }
            }
            return new ObjectStoreException(Kind.UNRECOVERABLE, "segment " + record.segment() + " of " + fileName
                    + " cannot be rebuilt: " + good() + " of " + shardCount + " shards are intact and K = " + dataShards
                    + " are needed (" + String.join("; ", bad) + ")");
        }

        void release() {
            for (ByteBuffer buffer : buffers) {
                pool.release(buffer);
            }
        }
    }

    /** The plaintext of the segment, in a buffer of the pool that the caller releases. */
    CompletableFuture<ByteBuffer> plaintext(SegmentRecord record) {
        ShardSet set = new ShardSet(record);
        Lease<StorageEngine> storage;
        try {
            storage = files.storage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        StorageEngine engine = storage.provider();
        return set.read(engine, 0, dataShards)
                .thenComposeAsync(done -> {
                    set.check(0, dataShards);
                    if (set.dataComplete()) {
                        return CompletableFuture.completedFuture(null);
                    }
                    // A data shard is bad: the parity shards stand in for it.
                    return set.read(engine, dataShards, shardCount)
                            .thenRunAsync(() -> set.check(dataShards, shardCount), cpu);
                }, cpu)
                .thenApplyAsync(done -> decode(set), cpu)
                .whenComplete((plain, failure) -> {
                    storage.close();
                    set.release();
                });
    }

    private ByteBuffer decode(ShardSet set) {
        SegmentRecord record = set.record;
        if (set.good() < dataShards) {
            throw new CompletionException(set.unrecoverable());
        }
        if (!set.dataComplete()) {
            set.reconstruct();
        }
        if (record.plainLength() > root.segmentSize() || record.storedLength() > root.segmentSize()) {
            throw new CompletionException(corrupted(record, "its lengths exceed the segment size", null));
        }
        int shardLength = record.shardLength();
        ByteBuffer sealed = pool.acquire(Math.max(dataShards * Chunker.shardRoom(root.segmentSize(), dataShards),
                dataShards * shardLength));
        ByteBuffer opened = null;
        ByteBuffer plain = null;
        try {
            for (int i = 0; i < dataShards; i++) {
                sealed.put(set.payload(i));
            }
            sealed.flip().limit(record.sealedLength());
            boolean compressed = !Segments.UNCOMPRESSED.equals(record.compression());
            opened = pool.acquire(root.segmentSize()).limit(record.storedLength());
            try (Lease<Aead> aead = selector.lease(Aead.class, record.cipher())) {
                byte[] key = keys.segmentKey(record.segment(), record.cipher(), aead.provider().keyLength());
                try {
                    aead.provider().open(key, record.nonce(), Segments.associatedData(storageIndex, record.segment(),
                            record.plainLength(), record.compression()), sealed, opened);
                } finally {
                    ObjectKeys.wipe(key);
                }
            } catch (AuthenticationException e) {
                throw corrupted(record, "it failed authentication although its shards match the manifest", e);
            }
            opened.flip();
            if (!compressed) {
                if (opened.remaining() != record.plainLength()) {
                    throw corrupted(record, "it holds " + opened.remaining() + " bytes, the manifest says "
                            + record.plainLength(), null);
                }
                plain = opened;
                opened = null;
            } else {
                plain = pool.acquire(root.segmentSize()).limit(record.plainLength());
                try (Lease<Compressor> compressor = selector.lease(Compressor.class, record.compression())) {
                    int length = compressor.provider().decompress(opened, plain);
                    if (length != record.plainLength()) {
                        throw corrupted(record, "it decompresses to " + length + " bytes, the manifest says "
                                + record.plainLength(), null);
                    }
                } catch (CompressionException e) {
                    throw corrupted(record, "it does not decompress: " + e.getMessage(), e);
                }
                plain.flip();
            }
            ByteBuffer result = plain;
            plain = null;
            return result;
        } catch (ObjectStoreException e) {
            throw new CompletionException(e);
        } finally {
            pool.release(sealed);
            pool.release(opened);
            pool.release(plain);
        }
    }

    private ObjectStoreException corrupted(SegmentRecord record, String problem, Throwable cause) {
        return new ObjectStoreException(Kind.CORRUPTED, "segment " + record.segment() + " of " + fileName
                + " is corrupted: " + problem, cause);
    }

    /** Reads and checks every shard; rebuilds the bad ones when K are good, and rewrites them if asked. */
    CompletableFuture<Check> verify(SegmentRecord record, boolean repair) {
        ShardSet set = new ShardSet(record);
        Lease<StorageEngine> storage;
        try {
            storage = files.storage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        StorageEngine engine = storage.provider();
        return set.read(engine, 0, shardCount)
                .thenComposeAsync(done -> {
                    set.check(0, shardCount);
                    List<Integer> bad = new ArrayList<>();
                    for (int i = 0; i < shardCount; i++) {
                        if (set.problems[i] != null) {
                            bad.add(i);
                        }
                    }
                    if (bad.isEmpty()) {
                        return CompletableFuture.completedFuture(new Check(record.segment(), List.of(), false));
                    }
                    if (set.good() < dataShards) {
                        List<ShardFault> faults = bad.stream().map(i -> new ShardFault(record.segment(), i,
                                set.problems[i], false, false)).toList();
                        return CompletableFuture.completedFuture(new Check(record.segment(), faults, true));
                    }
                    set.reconstruct();
                    return rebuilt(set, bad, repair, engine);
                }, cpu)
                .whenComplete((check, failure) -> {
                    storage.close();
                    set.release();
                });
    }

    private CompletableFuture<Check> rebuilt(ShardSet set, List<Integer> bad, boolean repair, StorageEngine engine) {
        SegmentRecord record = set.record;
        List<CompletableFuture<ShardFault>> faults = new ArrayList<>();
        for (int shard : bad) {
            ByteBuffer payload = set.payload(shard);
            boolean matches = Arrays.equals(Segments.sha256(payload), record.shardHashes().get(shard));
            ShardFault fault = new ShardFault(record.segment(), shard, set.problems[shard], matches, false);
            if (!repair || !matches) {
                faults.add(CompletableFuture.completedFuture(fault));
                continue;
            }
            byte[] header = record.expectedHeader(storageIndex, shard, dataShards, shardCount - dataShards).encode();
            faults.add(engine.writeAtomically(files.layout().shard(storageIndex, record.segment(), shard),
                            ByteBuffer.wrap(header), payload)
                    .toCompletableFuture()
                    .thenApply(written -> new ShardFault(record.segment(), shard, fault.problem(), true, true)));
        }
        return CompletableFuture.allOf(faults.toArray(CompletableFuture[]::new))
                .thenApply(done -> new Check(record.segment(), faults.stream().map(CompletableFuture::join).toList(),
                        false));
    }
}
