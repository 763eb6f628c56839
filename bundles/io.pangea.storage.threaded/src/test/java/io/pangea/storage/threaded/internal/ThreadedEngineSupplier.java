package io.pangea.storage.threaded.internal;

import io.pangea.api.storage.StorageEngine;

import java.util.function.Supplier;

/** The threaded engine with its default sizes, for child processes and the other engine's tests. */
public final class ThreadedEngineSupplier implements Supplier<StorageEngine> {
    @Override
    public StorageEngine get() {
        return new ThreadedStorageEngine(0, 1024);
    }
}
