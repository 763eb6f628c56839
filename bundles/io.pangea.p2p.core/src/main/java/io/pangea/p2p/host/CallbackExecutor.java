package io.pangea.p2p.host;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a host completes the futures it hands out and runs protocol handlers: never on an event loop, since callers
 * may block. Daemon threads named {@code <name>-callback-<n>}, idle ones ending after 30 s. Once closed, late
 * completions run on the completing thread rather than being lost.
 */
public final class CallbackExecutor implements Executor, AutoCloseable {
    private final ThreadPoolExecutor pool;

    /**
     * @param threads 0 or less for two per core, at least four
     */
    public CallbackExecutor(String name, int threads) {
        int size = threads > 0 ? threads : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, name + "-callback-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Lets queued callbacks finish, waiting up to two seconds for them. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
