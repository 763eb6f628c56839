package io.pangea.transport.tcp.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The js-libp2p peer of {@code src/test/js} as a child process: installed with {@code npm ci} into
 * {@code target/js-peer} (node_modules never enters the source tree), driven by JSON lines on stdin, reporting
 * JSON lines on stdout. Every wait is bounded.
 */
final class JsLibp2pPeer implements AutoCloseable {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "peer.mjs");

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private JsLibp2pPeer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("[js] " + line);
                    events.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "js-libp2p-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Installs (when the lock file changed) and starts the peer. */
    static JsLibp2pPeer start(Path sources, Path workDirectory) throws IOException, InterruptedException {
        requireTool("node");
        requireTool("npm");
        Files.createDirectories(workDirectory);
        for (String file : FILES) {
            Files.copy(sources.resolve(file), workDirectory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path marker = workDirectory.resolve(".installed-package-lock.json");
        byte[] lock = Files.readAllBytes(workDirectory.resolve("package-lock.json"));
        boolean installed = Files.isDirectory(workDirectory.resolve("node_modules")) && Files.exists(marker)
                && java.util.Arrays.equals(lock, Files.readAllBytes(marker));
        if (!installed) {
            run(workDirectory, INSTALL_TIMEOUT, "npm", "ci", "--prefer-offline", "--no-audit", "--no-fund");
            Files.write(marker, lock);
        }
        ProcessBuilder builder = new ProcessBuilder("node", "peer.mjs").directory(workDirectory.toFile())
                .redirectError(workDirectory.resolve("peer.stderr.log").toFile());
        // PANGEA_JS_DEBUG=libp2p:* turns on js-libp2p's debug log (into peer.stderr.log).
        String debug = System.getenv("PANGEA_JS_DEBUG");
        if (debug != null && !debug.isBlank()) {
            builder.environment().put("DEBUG", debug);
        }
        return new JsLibp2pPeer(builder.start());
    }

    /** Sends one JSON command. */
    void send(String json) throws IOException {
        stdin.write(json + "\n");
        stdin.flush();
    }

    /** The next event line matching {@code wanted}, skipping others; fails after {@code timeout}. */
    String await(Duration timeout, Predicate<String> wanted, String what) throws InterruptedException {
        synchronized (seen) {
            for (String line : seen) {
                if (wanted.test(line)) {
                    seen.remove(line);
                    return line;
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("the js-libp2p peer did not report " + what + " within " + timeout
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + "; see "
                        + "target/js-peer/peer.stderr.log)"));
            }
            if (line.contains("\"event\":\"error\"")) {
                throw new AssertionError("the js-libp2p peer reported an error: " + line);
            }
            if (wanted.test(line)) {
                return line;
            }
            synchronized (seen) {
                seen.add(line);
            }
        }
    }

    static Predicate<String> event(String name) {
        return line -> line.contains("\"event\":\"" + name + "\"");
    }

    /** A string field of a JSON event line (the peer's lines are flat enough for this). */
    static String field(String line, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no string field " + name + " in " + line);
        }
        return m.group(1);
    }

    /** A string-array field of a JSON event line. */
    static List<String> list(String line, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\\[([^\\]]*)\\]").matcher(line);
        if (!m.find()) {
            throw new AssertionError("no array field " + name + " in " + line);
        }
        List<String> values = new ArrayList<>();
        Matcher item = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(m.group(1));
        while (item.find()) {
            values.add(item.group(1));
        }
        return values;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            send("{\"cmd\":\"quit\"}");
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void requireTool(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(tool + " --version failed");
            }
        } catch (IOException e) {
            throw new AssertionError("the js-libp2p interoperability test needs Node.js 20+ and npm on the PATH ("
                    + tool + ": " + e.getMessage() + "); on Debian: apt-get install nodejs npm", e);
        }
    }

    private static void run(Path directory, Duration timeout, String... command)
            throws IOException, InterruptedException {
        Path output = directory.resolve("npm-ci.log");
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with " + p.exitValue() + ":\n"
                    + Files.readString(output));
        }
    }
}
