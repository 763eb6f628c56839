package io.pangea.objects.internal;

import io.pangea.api.cipher.Aead;
import io.pangea.api.compression.CompressionException;
import io.pangea.api.compression.Compressor;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.objects.ProgressListener;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.storage.StorageEngine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * One put, after the file id is known. The caller's thread reads the file segment by segment and hands each to
 * the CPU executor, which leases the active compressor, cipher and erasure coder for that segment, compresses,
 * seals and shards it, and hands the shards to the storage engine. At most {@code segmentsInFlight} segments are
 * between reading and written; the caller waits for the oldest before it reads the next (back-pressure), which
 * also gives it the segment records in order for the manifest pages.
 */
final class PutOperation {
    private final ProviderSelector selector;
    private final Executor cpu;
    private final ObjectFiles files;
    private final ObjectKeys keys;
    private final byte[] storageIndex;
    private final Chunker.Plan plan;
    private final int dataShards;
    private final int parityShards;
    private final int targetLevel;
    private final int segmentsPerPage;
    private final BufferPool pool;
    private final ProgressListener progress;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> pageWrites = new ArrayList<>();
    private final List<SegmentRecord> page = new ArrayList<>();
    private volatile boolean abandoned;
    private int pages;
    private Path source;

    private record Pending(long segment, CompletableFuture<SegmentRecord> future) {
    }

    /** A sealed segment cut into shards, waiting to be written. */
    private record Shards(SegmentRecord record, ByteBuffer area, ByteBuffer[] payloads, byte[][] headers) {
    }

    PutOperation(ProviderSelector selector, Executor cpu, ObjectFiles files, ObjectKeys keys, Chunker.Plan plan,
                 int dataShards, int parityShards, int targetLevel, int segmentsPerPage, BufferPool pool,
                 ProgressListener progress) {
        this.selector = selector;
        this.cpu = cpu;
        this.files = files;
        this.keys = keys;
        this.storageIndex = keys.storageIndex();
        this.plan = plan;
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.targetLevel = targetLevel;
        this.segmentsPerPage = segmentsPerPage;
        this.pool = pool;
        this.progress = progress;
    }

    /**
     * Stores the segments and the manifest pages; the root is the caller's. The file must still hash to the
     * file id it had when the put began.
     *
     * @return the number of segments
     */
    long storeSegments(Path source, long expectedSize) throws IOException, InterruptedException {
        this.source = source;
        int segmentSize = plan.segmentSize();
        MessageDigest digest = Segments.sha256();
        long offset = 0;
        long segment = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            while (true) {
                while (inFlight.size() >= plan.segmentsInFlight()) {
                    completeOldest(expectedSize);
                }
                ByteBuffer plain = pool.acquire(segmentSize);
                int length;
                try {
                    length = readFully(in, plain);
                } catch (IOException | RuntimeException e) {
                    pool.release(plain);
                    throw e;
                }
                if (length == 0) {
                    pool.release(plain);
                    break;
                }
                plain.flip();
                digest.update(plain.duplicate());
                inFlight.add(new Pending(segment, store(segment, offset, plain)));
                offset += length;
                segment++;
                if (length < segmentSize) {
                    break;
                }
            }
        }
        while (!inFlight.isEmpty()) {
            completeOldest(expectedSize);
        }
        if (offset != expectedSize || !Arrays.equals(digest.digest(), keys.fileId())) {
            throw new ObjectStoreException(Kind.CHANGED, source + " changed while it was being stored ("
                    + expectedSize + " bytes when the put began, " + offset + " bytes read); put it again");
        }
        if (!page.isEmpty()) {
            writePage();
        }
        for (CompletableFuture<Void> write : pageWrites) {
            ObjectFiles.join(write);
        }
        return segment;
    }

    int pages() {
        return pages;
    }

    /** After a failure: lets what is in flight finish, so that nothing is written after the clean-up. */
    void abandon() {
        abandoned = true;
        for (Pending p : inFlight) {
            p.future().handle((value, failure) -> null).join();
        }
        inFlight.clear();
        for (CompletableFuture<?> f : pageWrites) {
            f.handle((value, failure) -> null).join();
        }
    }

    private static int readFully(FileChannel in, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private void completeOldest(long size) throws IOException, InterruptedException {
        Pending oldest = inFlight.peek();
        SegmentRecord record;
        try {
            record = oldest.future().get();
        } catch (ExecutionException e) {
            throw Failures.of(e, "storing " + source + " (segment " + oldest.segment() + ")");
        }
        inFlight.poll();
        page.add(record);
        if (page.size() == segmentsPerPage) {
            writePage();
        }
        progress.progress(ProgressListener.Phase.STORING, record.offset() + record.plainLength(), size);
    }

    private void writePage() {
        Wire.Writer body = new Wire.Writer(page.size() * 600).i32(page.size());
        page.forEach(r -> r.write(body));
        byte[] sealed;
        try (Lease<Aead> aead = selector.lease(Aead.class)) {
            sealed = ManifestEnvelope.seal(pages, body.toByteArray(), keys, aead.provider());
        }
        Path file = files.layout().page(storageIndex, pages);
        Lease<StorageEngine> storage = files.storage();
        CompletableFuture<Void> write;
        try {
            write = storage.provider().writeAtomically(file, ByteBuffer.wrap(sealed)).toCompletableFuture();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        pageWrites.add(write.whenComplete((done, failure) -> storage.close()));
        page.clear();
        pages++;
    }

    private CompletableFuture<SegmentRecord> store(long segment, long offset, ByteBuffer plain) {
        CompletableFuture<Shards> sealed;
        try {
            sealed = CompletableFuture.supplyAsync(() -> seal(segment, offset, plain), cpu);
        } catch (RuntimeException e) {
            pool.release(plain);
            throw e;
        }
        return sealed.thenCompose(this::write);
    }

    /** Compress, seal, shard: CPU work, on the executor. Releases the plaintext whatever happens. */
    private Shards seal(long segment, long offset, ByteBuffer plain) {
        ByteBuffer compressed = null;
        ByteBuffer area = null;
        try {
            if (abandoned) {
                throw new CancellationException("the put failed elsewhere");
            }
            int plainLength = plain.remaining();
            ByteBuffer stored = plain;
            String compression = Segments.UNCOMPRESSED;
            int level = 0;
            try (Lease<Compressor> lease = selector.lease(Compressor.class)) {
                Compressor compressor = lease.provider();
                if (!Segments.UNCOMPRESSED.equals(lease.codec())) {
                    int chosen = CompressionLevelPolicy.clamp(targetLevel, compressor.levels());
                    // Always the bound of a whole segment, so that the pool hands the same buffer round.
                    compressed = pool.acquire(compressor.maxCompressedLength(plan.segmentSize()));
                    compressed.limit(compressor.maxCompressedLength(plainLength));
                    int length = compressor.compress(plain.duplicate(), compressed, chosen);
                    if (length < plainLength) {
                        stored = compressed.flip();
                        compression = lease.codec();
                        level = chosen;
                    }
                }
            } catch (NoProviderException e) {
                // No compressor at all, not even "none": the segment is stored as it is.
            } catch (CompressionException e) {
                throw new IllegalStateException("compressing segment " + segment + " failed: " + e.getMessage(), e);
            }

            try (Lease<Aead> aeadLease = selector.lease(Aead.class);
                 Lease<ErasureCoder> coderLease = selector.lease(ErasureCoder.class)) {
                Aead aead = aeadLease.provider();
                ErasureCoder coder = coderLease.provider();
                if (dataShards + parityShards > coder.maxShards()) {
                    throw new IllegalArgumentException("K + M = " + (dataShards + parityShards) + " shards are more than "
                            + coderLease.name() + " can code (" + coder.maxShards() + ")");
                }
                int sealedLength = stored.remaining() + aead.tagLength();
                int shardLength = Math.max(1, (sealedLength + dataShards - 1) / dataShards);
                int shards = dataShards + parityShards;
                int room = Math.max(shards * Chunker.shardRoom(plan.segmentSize(), dataShards), shards * shardLength);
                area = pool.acquire(room);
                // The padding of the last data shard is zeroed: a recycled buffer holds another segment's bytes.
                Arrays.fill(area.array(), area.arrayOffset() + sealedLength,
                        area.arrayOffset() + dataShards * shardLength, (byte) 0);

                byte[] nonce = ObjectKeys.random(aead.nonceLength());
                byte[] key = keys.segmentKey(segment, aeadLease.codec(), aead.keyLength());
                try {
                    aead.seal(key, nonce, Segments.associatedData(storageIndex, segment, plainLength, compression),
                            stored.duplicate(), Segments.window(area, 0, sealedLength));
                } finally {
                    ObjectKeys.wipe(key);
                }
                pool.release(compressed);
                compressed = null;
                pool.release(plain);
                plain = null;

                ByteBuffer[] payloads = new ByteBuffer[shards];
                for (int i = 0; i < shards; i++) {
                    payloads[i] = Segments.window(area, i * shardLength, shardLength);
                }
                coder.encode(Arrays.copyOfRange(payloads, 0, dataShards),
                        Arrays.copyOfRange(payloads, dataShards, shards));
                List<byte[]> hashes = new ArrayList<>(shards);
                for (ByteBuffer payload : payloads) {
                    hashes.add(Segments.sha256(payload));
                }
                SegmentRecord record = new SegmentRecord(segment, offset, plainLength, sealedLength - aead.tagLength(),
                        sealedLength, shardLength, compression, level, aeadLease.codec(), nonce, coderLease.codec(),
                        hashes, SegmentRecord.LOCAL);
                byte[][] headers = new byte[shards][];
                for (int i = 0; i < shards; i++) {
                    headers[i] = record.expectedHeader(storageIndex, i, dataShards, parityShards).encode();
                }
                Shards result = new Shards(record, area, payloads, headers);
                area = null;
                return result;
            }
        } finally {
            pool.release(plain);
            pool.release(compressed);
            pool.release(area);
        }
    }

    /** Hands the shards to the storage engine; the area goes back to the pool when the last one is written. */
    private CompletableFuture<SegmentRecord> write(Shards shards) {
        Lease<StorageEngine> storage;
        try {
            storage = files.storage();
        } catch (RuntimeException e) {
            pool.release(shards.area());
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Void>> writes = new ArrayList<>(shards.payloads().length);
        try {
            long segment = shards.record().segment();
            for (int i = 0; i < shards.payloads().length; i++) {
                writes.add(storage.provider().writeAtomically(files.layout().shard(storageIndex, segment, i),
                        ByteBuffer.wrap(shards.headers()[i]), shards.payloads()[i].duplicate()).toCompletableFuture());
            }
        } catch (RuntimeException e) {
            writes.add(CompletableFuture.failedFuture(e));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((done, failure) -> {
            storage.close();
            pool.release(shards.area());
            if (failure != null) {
                throw new java.util.concurrent.CompletionException(Failures.unwrap(failure));
            }
            return shards.record();
        });
    }
}
