package io.pangea.bpf.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Serialises the kernel tests that put TEST-NET addresses and routes in this JVM's namespace, across JVMs: two
 * builds testing at once would otherwise route the same prefixes to two pairs.
 */
public final class HostLock implements AutoCloseable {
    private static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"), "pangea-kernel-tests.lock");
    private final FileChannel channel;
    private final FileLock lock;

    private HostLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits at most {@code limit} for the lock. */
    public static HostLock acquire(Duration limit) throws IOException, InterruptedException {
        FileChannel channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new HostLock(channel, lock);
            }
            if (System.nanoTime() > deadline) {
                channel.close();
                throw new IOException("another build's kernel tests held " + FILE + " for more than " + limit);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
