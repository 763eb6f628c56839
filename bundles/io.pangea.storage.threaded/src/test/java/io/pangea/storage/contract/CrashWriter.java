package io.pangea.storage.contract;

import io.pangea.api.storage.StorageEngine;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The child process of the crash test: writes generation after generation of one file with
 * {@link StorageEngine#writeAtomically} until it is killed, telling the parent on stdout when each starts and
 * ends.
 * <p>
 * Arguments: the class of a {@code Supplier<StorageEngine>} with a public no-argument constructor, the target
 * file, the size in bytes.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        @SuppressWarnings("unchecked")
        Supplier<StorageEngine> engines = (Supplier<StorageEngine>) Class.forName(args[0]).getConstructor().newInstance();
        Path target = Path.of(args[1]);
        int size = Integer.parseInt(args[2]);
        StorageEngine engine = engines.get();
        for (long generation = 1; ; generation++) {
            var content = Content.of(generation, size);
            System.out.println("writing " + generation);
            System.out.flush();
            engine.writeAtomically(target, content).toCompletableFuture().join();
            System.out.println("written " + generation);
            System.out.flush();
        }
    }
}
