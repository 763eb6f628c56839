/**
 * The io_uring storage engine: shard files through one io_uring per engine, over liburing through a small JNI
 * glue (src/main/c/pangea_uring.c, {@link io.pangea.storage.uring.internal.NativeRing}).
 * <p>
 * {@link io.pangea.storage.uring.internal.Ring} owns the ring: submitters queue {@link
 * io.pangea.storage.uring.internal.Sqe}s that one of them hands to the kernel in a batch (one io_uring_submit for
 * many SQEs), and a completion thread reaps the CQEs and calls each one's continuation. Each operation of
 * {@link io.pangea.storage.uring.internal.UringStorageEngine} is a small state machine of SQEs — an atomic write
 * is openat, write/writev, fsync (datasync), close, renameat, openat of the directory, fsync, close — so no
 * thread ever blocks on the disk; only the creation of missing parent directories is a blocking call, on a
 * helper thread. Transfers whose buffer, position and length are 4096-aligned open the file with O_DIRECT;
 * heap buffers go through native bounce buffers.
 * <p>
 * Layout {@code files-v1}, shared byte for byte with the threaded engine (same temporary names, same modes).
 * {@link io.pangea.storage.uring.internal.UringProvider} registers the engine itself, so that a library that
 * does not load or a kernel that refuses the ring leaves an ineligible provider saying why.
 */
package io.pangea.storage.uring.internal;
