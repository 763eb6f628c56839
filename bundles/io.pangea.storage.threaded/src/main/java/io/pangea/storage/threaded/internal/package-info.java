/**
 * The threaded storage engine: every operation is a task on a fixed pool of worker threads doing blocking
 * {@link java.nio.channels.FileChannel} I/O, sized from the cores. The pool's queue is bounded by a semaphore, so
 * callers that outrun the disk block on submission instead of piling up work in memory; a worker submitting
 * more work (a callback chaining the next read) never blocks, it runs the task itself when the queue is full.
 * <p>
 * Layout {@code files-v1}, shared byte for byte with the io_uring engine: a shard is one plain file, written
 * whole through a temporary file ({@link io.pangea.storage.threaded.internal.TemporaryFiles}) that is synced
 * (fdatasync), renamed over the target and followed by a sync of the directory. Transfers whose buffer, position
 * and length are 4096-aligned bypass the page cache (O_DIRECT) when the file system allows it.
 */
package io.pangea.storage.threaded.internal;

import io.pangea.api.storage.TemporaryFiles;
