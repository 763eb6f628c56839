package io.pangea.storage.uring.internal;

import io.pangea.api.storage.StorageEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** The io_uring engine with its default ring, for the crash test's child process. */
public final class UringEngineSupplier implements Supplier<StorageEngine> {
    @Override
    public StorageEngine get() {
        try {
            return UringStorageEngine.open(UringStorageEngine.DEFAULT_ENTRIES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
