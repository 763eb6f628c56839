package io.pangea.erasure.isal.internal;

import io.pangea.api.erasure.ErasureCoder;
import io.pangea.erasure.java.internal.JavaReedSolomonCoder;
import io.pangea.erasure.java.internal.Shards;
import io.pangea.erasure.java.internal.Shards.Kind;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reed-Solomon encode and decode of 1 MiB segments, 10 + 4 and 29 + 51: the ISA-L provider (direct and heap
 * buffers) and the Java provider against ISA-L driven by a plain C loop (src/test/c, built here with gcc).
 * Decode rebuilds min(K, M) lost data shards. Throughput is of input data, 10^6 bytes per second; the table
 * goes to standard output and target/erasure-benchmark.txt. It reports, it never fails on speed.
 */
@Tag("benchmark")
class ErasureBenchmarkTest {
    private static final int SEGMENT = 1 << 20;
    private static final int ROUNDS = 3;
    private static final long ROUND_NANOS = 400_000_000L;
    private static final long WARM_UP_NANOS = 500_000_000L;
    private static final int[][] SHAPES = {{10, 4}, {29, 51}};

    static {
        System.loadLibrary(IsalProvider.LIBRARY);
    }

    private final Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");

    private record Row(String shape, String operation, double cLoop, double nativeDirect, double nativeHeap,
            double javaHeap, double javaDirect) {
    }

    @Test
    void encodeAndDecodeThroughput() throws Exception {
        Path program = compileReference();
        ErasureCoder isal = new IsalErasureCoder();
        ErasureCoder java = new JavaReedSolomonCoder();
        List<Row> rows = new ArrayList<>();
        for (int[] shape : SHAPES) {
            int k = shape[0];
            int m = shape[1];
            int length = (SEGMENT + k - 1) / k;
            for (boolean decode : new boolean[] {false, true}) {
                rows.add(new Row(k + "+" + m, decode ? "decode " + Math.min(k, m) : "encode",
                        reference(program, decode, k, m, length),
                        measure(isal, decode, k, m, length, Kind.DIRECT),
                        measure(isal, decode, k, m, length, Kind.HEAP),
                        measure(java, decode, k, m, length, Kind.HEAP),
                        measure(java, decode, k, m, length, Kind.DIRECT)));
            }
        }
        String table = format(rows);
        System.out.println(table);
        Files.writeString(target.resolve("erasure-benchmark.txt"), table);
    }

    /** Best of a few rounds of calls on one segment, after a warm-up, in MB/s of input. */
    private static double measure(ErasureCoder coder, boolean decode, int k, int m, int length, Kind kind) {
        Random random = new Random(k * 1000L + m);
        byte[][] data = Shards.random(random, k, length);
        ByteBuffer[] dataBuffers = Shards.wrap(data, kind);
        ByteBuffer[] parity = Shards.empty(m, length, kind);
        coder.encode(dataBuffers, parity);
        ByteBuffer[] shards = Shards.concat(dataBuffers, parity);
        boolean[] present = new boolean[k + m];
        Arrays.fill(present, Math.min(k, m), k + m, true);
        Runnable call = decode ? () -> coder.reconstruct(k, shards, present) : () -> coder.encode(dataBuffers, parity);

        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < warmUpEnd) {
            call.run();
        }
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long calls = 0;
            long start = System.nanoTime();
            long elapsed;
            do {
                call.run();
                calls++;
                elapsed = System.nanoTime() - start;
            } while (elapsed < ROUND_NANOS);
            best = Math.max(best, (double) k * length * calls / (elapsed / 1e9) / 1e6);
        }
        if (decode) {
            assertThat(Arrays.copyOf(Shards.bytes(shards), k)).isDeepEqualTo(data);
        }
        return best;
    }

    private Path compileReference() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("basedir", ".")).resolve("src/test/c/isal_loop_benchmark.c");
        Path program = target.resolve("isal-loop-benchmark");
        Files.createDirectories(target);
        run(List.of("gcc", "-O3", "-Wall", "-Werror", "-o", program.toString(), source.toString(), "-lisal"));
        return program;
    }

    private static double reference(Path program, boolean decode, int k, int m, int length)
            throws IOException, InterruptedException {
        List<String> command = List.of(program.toString(), decode ? "decode" : "encode", String.valueOf(k),
                String.valueOf(m), String.valueOf(length), String.valueOf(ROUND_NANOS / 1_000_000));
        run(command); // warm-up
        double best = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String output = run(command).trim();
            assertThat(output).startsWith("MBps ");
            best = Math.max(best, Double.parseDouble(output.substring(5)));
        }
        return best;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        assertThat(exit).as("%s: %s", command.get(0), output).isZero();
        return output;
    }

    private static String format(List<Row> rows) {
        StringBuilder table = new StringBuilder(String.format(
                "%nRS over GF(2^8), 1 MiB segments, MB/s of input data (10^6 B/s), one thread, best of %d%n", ROUNDS));
        table.append(String.format("%-6s %-10s %9s %9s %9s %9s %9s %10s %11s%n", "code", "operation", "C loop",
                "isal dir", "isal heap", "java heap", "java dir", "isal/C", "isal/java"));
        for (Row row : rows) {
            table.append(String.format("%-6s %-10s %9.0f %9.0f %9.0f %9.0f %9.0f %9.2fx %10.1fx%n", row.shape(),
                    row.operation(), row.cLoop(), row.nativeDirect(), row.nativeHeap(), row.javaHeap(),
                    row.javaDirect(), row.nativeDirect() / row.cLoop(), row.nativeDirect() / row.javaHeap()));
        }
        return table.toString();
    }
}
