/**
 * The object store: {@code pangea:put}, {@code pangea:get}, {@code pangea:verify} and the keyring behind
 * {@code pangea:ls}.
 *
 * <p>A put reads the file twice. The first pass computes the file id (SHA-256), from which and a fresh random
 * file key come the storage index and every key ({@link io.pangea.objects.internal.ObjectKeys}). The second pass
 * ({@link io.pangea.objects.internal.PutOperation}) cuts the file into segments of the size the
 * {@link io.pangea.objects.internal.Chunker} chose from the memory the node can use, and for each segment, on the
 * CPU pool: leases the active compressor, cipher and erasure coder; compresses (at the level of the
 * {@link io.pangea.objects.internal.CompressionLevelPolicy}, kept only if smaller); seals under the segment's
 * key with a random nonce; cuts the sealed bytes into K data shards and computes M parity shards; and writes
 * each shard with its {@link io.pangea.objects.internal.ShardHeader} through the storage engine. The segment
 * records — codecs, level, nonce, shard hashes — go into sealed manifest pages, and the sealed root
 * ({@link io.pangea.objects.internal.ManifestEnvelope}) is written last: until it exists there is no object.
 *
 * <p>A get ({@link io.pangea.objects.internal.SegmentReader}) opens the root and the pages, reads each segment's
 * data shards, checks every header and hash before use, reads the parity shards only when a data shard is bad,
 * and leases the providers by the codec ids the segment records, so that whatever is active now reads what
 * anything wrote before. Segments are written to a temporary file in order, which is renamed into place only
 * when the whole file hashes to its file id.
 *
 * <p>Memory stays bounded: a fixed number of segments is in flight (the caller waits for the oldest before it
 * reads the next), and each operation recycles its buffers through a {@link io.pangea.objects.internal.BufferPool}
 * that counts its high-water mark. A failure anywhere lets the segments in flight finish and then removes every
 * file of the object, or the temporary output file.
 */
package io.pangea.objects.internal;
