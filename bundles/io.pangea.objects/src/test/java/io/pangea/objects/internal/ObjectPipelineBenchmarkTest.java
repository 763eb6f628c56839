package io.pangea.objects.internal;

import io.pangea.api.compression.Compressor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end put then get of a 1 GiB file (compressible and incompressible) in a child JVM with a 128 MiB heap,
 * so that the file is eight times the heap: throughput and peak RSS (VmHWM; goal at most 512 MiB), through the
 * threaded storage engine. Then the zstd
 * levels 1 and 3 of the pipeline's compressor against {@code zstd -b} on the same input in the same block size
 * (goal within 10 %). Reports ratios; asserts only that the file came back and the run stayed bounded.
 */
@Tag("benchmark")
class ObjectPipelineBenchmarkTest {
    private static final long FILE = 1L << 30;
    private static final long RSS_GOAL_KIB = 512L << 10;
    /** "1#input : 67108864 -> 21362881 (x3.141), 345.2 MB/s, 1310.9 MB/s"; the last such report is the result. */
    private static final Pattern ZSTD_BENCH = Pattern.compile(
            ":\\s*(\\d+)\\s*->\\s*(\\d+)\\s*\\(x?([\\d.]+)\\),\\s*([\\d.]+)\\s*MB/s,\\s*([\\d.]+)\\s*MB/s");

    @TempDir
    Path directory;
    private final List<String> report = new ArrayList<>();

    @Test
    void putAndGetOfAFileEightTimesTheHeap() throws Exception {
        line("== put + get of 1 GiB in a child JVM with -Xmx128m (real providers: zstd, native XChaCha20-Poly1305, "
                + "ISA-L; threaded storage engine); machine: " + Runtime.getRuntime().availableProcessors()
                + " cores, load " + Files.readString(Path.of("/proc/loadavg")).trim());
        String[][] runs = {{"compressible", "threaded"}, {"incompressible", "threaded"}};
        for (String[] run : runs) {
            boolean compressible = run[0].equals("compressible");
            Path source = directory.resolve(run[0] + ".bin");
            write(source, compressible);
            Path data = directory.resolve("node-" + run[0] + "-" + run[1]);
            Path output = directory.resolve("output.bin");
            String result = runChild(data, source, output, run[1]);
            String[] f = result.split(" ");
            long putMs = Long.parseLong(f[1]);
            long getMs = Long.parseLong(f[2]);
            long hwmKib = Long.parseLong(f[7]);
            assertThat(Files.size(output)).isEqualTo(FILE);
            assertThat(Files.mismatch(source, output)).as("the file came back bit for bit").isEqualTo(-1);
            long stored = bytes(data);
            line(String.format(Locale.ROOT, "%-14s %-8s put %6.1f MiB/s (%5.1f s)  get %6.1f MiB/s (%5.1f s)  "
                            + "segment %d KiB x %s in flight, level %s, buffers put %.1f / get %.1f MiB, "
                            + "stored %.2f x the file, peak RSS %d MiB (goal <= 512: %s)",
                    run[0], run[1], mibPerSecond(putMs), putMs / 1000.0,
                    mibPerSecond(getMs), getMs / 1000.0, Long.parseLong(f[3]) >> 10, f[4], f[8],
                    Long.parseLong(f[5]) / 1048576.0, Long.parseLong(f[6]) / 1048576.0, (double) stored / FILE,
                    hwmKib >> 10, hwmKib <= RSS_GOAL_KIB ? "met" : "MISSED"));
            delete(data);
            Files.delete(source);
            Files.delete(output);
        }
        zstdAgainstTheCommandLine();
        Path results = Path.of("target", "benchmark-results.txt");
        Files.write(results, report);
        System.out.println(String.join("\n", report));
    }

    private void zstdAgainstTheCommandLine() throws Exception {
        Compressor zstd = TestProviders.zstd();
        Path input = directory.resolve("zstd-input.bin");
        write(input, true, 64L << 20);
        line("== zstd: the pipeline's compressor (zstd-jni, one thread) vs zstd -b (CLI " + zstdVersion()
                + ") on the same 64 MiB text-like input, same block size; MB = 10^6 bytes");
        byte[] bytes = Files.readAllBytes(input);
        for (int block : new int[] {64 << 10, 10 << 20}) {
            for (int level : new int[] {1, 3}) {
                double[] jvm = measure(zstd, bytes, block, level);
                double[] cli = zstdCommandLine(input, block, level);
                line(String.format(Locale.ROOT, "level %d, %5s blocks: compress %7.1f vs %7.1f MB/s (ratio %.2f), "
                                + "decompress %7.1f vs %7.1f MB/s (ratio %.2f), size x%.3f vs x%.3f",
                        level, block >= 1 << 20 ? (block >> 20) + "M" : (block >> 10) + "K", jvm[0], cli[0],
                        jvm[0] / cli[0], jvm[1], cli[1], jvm[1] / cli[1], jvm[2], cli[2]));
            }
        }
    }

    /** Compression and decompression MB/s of the block API on one thread, and the compression ratio. */
    private static double[] measure(Compressor zstd, byte[] input, int block, int level) throws Exception {
        int bound = zstd.maxCompressedLength(block);
        int blocks = (input.length + block - 1) / block;
        ByteBuffer[] compressed = new ByteBuffer[blocks];
        long compressedBytes = 0;
        for (int i = 0; i < blocks; i++) {
            ByteBuffer source = ByteBuffer.wrap(input, i * block, Math.min(block, input.length - i * block));
            compressed[i] = ByteBuffer.allocate(bound);
            compressedBytes += zstd.compress(source, compressed[i], level);
            compressed[i].flip();
        }
        ByteBuffer out = ByteBuffer.allocate(bound);
        double compressSpeed = speed(input.length, () -> {
            for (int i = 0; i < blocks; i++) {
                zstd.compress(ByteBuffer.wrap(input, i * block, Math.min(block, input.length - i * block)),
                        out.clear(), level);
            }
        });
        ByteBuffer plain = ByteBuffer.allocate(block);
        double decompressSpeed = speed(input.length, () -> {
            for (ByteBuffer c : compressed) {
                zstd.decompress(c.duplicate(), plain.clear());
            }
        });
        return new double[] {compressSpeed, decompressSpeed, (double) input.length / compressedBytes};
    }

    private interface Pass {
        void run() throws Exception;
    }

    /** MB/s of the best of the passes in about a second, after one warm-up pass (zstd -b -i1 does the same). */
    private static double speed(long bytes, Pass pass) throws Exception {
        pass.run();
        long best = Long.MAX_VALUE;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        do {
            long start = System.nanoTime();
            pass.run();
            best = Math.min(best, System.nanoTime() - start);
        } while (System.nanoTime() < deadline);
        return bytes / (best / 1e9) / 1e6;
    }

    private static double[] zstdCommandLine(Path input, int block, int level) throws Exception {
        Process zstd = new ProcessBuilder("zstd", "-b" + level, "-i1", "-B" + block, input.toString())
                .redirectErrorStream(true).start();
        String output = new String(zstd.getInputStream().readAllBytes());
        assertThat(zstd.waitFor(60, TimeUnit.SECONDS)).isTrue();
        double[] last = null;
        Matcher m = ZSTD_BENCH.matcher(output);
        while (m.find()) {
            last = new double[] {Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)),
                    Double.parseDouble(m.group(3))};
        }
        assertThat(last).as("zstd -b output: %s", output).isNotNull();
        return last;
    }

    private static String zstdVersion() throws Exception {
        Process zstd = new ProcessBuilder("zstd", "-V").redirectErrorStream(true).start();
        String version = new String(zstd.getInputStream().readAllBytes()).trim();
        zstd.waitFor();
        Matcher m = Pattern.compile("v(\\d+\\.\\d+\\.\\d+)").matcher(version);
        return m.find() ? m.group(1) : version;
    }

    private String runChild(Path data, Path source, Path output, String engine) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", classPath,
                BenchmarkChild.class.getName(), data.toString(), source.toString(), output.toString(), engine)
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes());
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        assertThat(finished && child.exitValue() == 0).as("child JVM: %s", out).isTrue();
        return out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no result from the child JVM: " + out));
    }

    private static void write(Path file, boolean compressible) throws IOException {
        write(file, compressible, FILE);
    }

    /** Random bytes, or text-like bytes (words from a small vocabulary) that zstd shrinks about four times. */
    private static void write(Path file, boolean compressible, long length) throws IOException {
        SplittableRandom random = new SplittableRandom(length);
        String[] vocabulary = ("the of and to in is that for it as was with be by on not he this are or his from at "
                + "which but have an they you were her she there been one all we their has would when if so no "
                + "segment shard manifest parity peer node pangea storage 2026 0x5f3a ").split(" ");
        byte[][] words = new byte[2 * vocabulary.length][];
        for (int w = 0; w < vocabulary.length; w++) {
            words[2 * w] = (vocabulary[w] + " ").getBytes();
            words[2 * w + 1] = (vocabulary[w] + ".\n").getBytes();
        }
        byte[] piece = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < length; written += piece.length) {
                if (compressible) {
                    int i = 0;
                    while (i < piece.length) {
                        byte[] word = words[2 * random.nextInt(vocabulary.length) + (random.nextInt(12) == 0 ? 1 : 0)];
                        int n = Math.min(word.length, piece.length - i);
                        System.arraycopy(word, 0, piece, i, n);
                        i += n;
                    }
                } else {
                    for (int i = 0; i < piece.length; i += 8) {
                        ByteBuffer.wrap(piece, i, 8).putLong(random.nextLong());
                    }
                }
                out.write(piece);
            }
        }
    }

    private static double mibPerSecond(long millis) {
        return (FILE / 1048576.0) / (millis / 1000.0);
    }

    private static long bytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void line(String text) {
        report.add(text);
        System.out.println(text);
    }
}
