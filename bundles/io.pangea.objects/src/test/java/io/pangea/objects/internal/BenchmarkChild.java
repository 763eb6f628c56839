package io.pangea.objects.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import io.pangea.api.objects.PutOptions;
import io.pangea.api.testing.Fakes;
import io.pangea.storage.threaded.internal.ThreadedStorageEngine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM the benchmark starts with a small heap: one put and one get of the given file through the real
 * providers and the threaded storage engine (or, with {@code unsynced}, the tests' engine), the chunker planning
 * from this JVM's own facts. Arguments: data directory, source, output, engine, and optionally a configured
 * segment size. Prints one line:
 * {@code RESULT put-ms get-ms segment-size in-flight put-highwater get-highwater vmhwm-kib}.
 */
public final class BenchmarkChild {
    private BenchmarkChild() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path source = Path.of(args[1]);
        Path output = Path.of(args[2]);
        long available = -1;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                available = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        boolean threaded = args.length < 4 || args[3].equals("threaded");
        ThreadedStorageEngine engine = new ThreadedStorageEngine(0, 1024);
        TestSelector selector = TestProviders.all(data).activate("zstd", "xchacha20-poly1305-native", "isal");
        if (threaded) {
            selector.unregister("test-files").register("threaded", engine);
        }
        int segmentSize = args.length < 5 ? 0 : Integer.parseInt(args[4]);
        ObjectPipeline.Settings settings = new ObjectPipeline.Settings(10, 4, segmentSize, 0,
                ObjectPipeline.SEGMENTS_PER_PAGE);
        ObjectStoreComponent store = new ObjectStoreComponent(selector, data, settings, 0);
        store.setFacts(Fakes.facts(Fact.of(FactNames.HEAP_MAX, Runtime.getRuntime().maxMemory(), "Runtime.maxMemory"),
                Fact.of(FactNames.MEMORY_AVAILABLE, available, "/proc/meminfo"),
                Fact.of(FactNames.CPU_CORES, Runtime.getRuntime().availableProcessors(), "Runtime")));
        try {
            long start = System.nanoTime();
            ObjectPipeline.PutOutcome put = store.putWithOutcome(source, PutOptions.defaults(), null);
            long putNanos = System.nanoTime() - start;
            start = System.nanoTime();
            ObjectPipeline.GetOutcome get = store.pipeline().get(put.capability(), output, true, null);
            long getNanos = System.nanoTime() - start;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            System.out.println("RESULT " + putNanos / 1_000_000 + " " + getNanos / 1_000_000 + " "
                    + put.plan().segmentSize() + " " + put.plan().segmentsInFlight() + " " + put.bufferHighWater()
                    + " " + get.bufferHighWater() + " " + hwm + " " + put.level());
        } finally {
            store.deactivate();
            engine.close();
        }
    }
}
