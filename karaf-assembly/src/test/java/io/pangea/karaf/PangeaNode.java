package io.pangea.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One node of the built distribution, for the tests that use it as an operator would: {@link #start()} unpacks
 * the archive into a fresh directory, gives it free ports, starts it with bin/start and waits until bin/pangea
 * answers; {@link #stop()} stops it and deletes the directory. Registered as a JUnit extension
 * ({@code @RegisterExtension}), it prints the end of the node's log when a test fails.
 */
final class PangeaNode implements TestWatcher {
    static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_LINES = 80;

    private final String tempPrefix;
    private Path workDir;
    private Path home;
    private int sshPort;
    private int transportPort;
    private int quicPort;
    private int httpPort;
    private Result startOutput;

    /** @param tempPrefix the prefix of the temporary directory the node is unpacked into */
    PangeaNode(String tempPrefix) {
        this.tempPrefix = tempPrefix;
    }

    /** Unpacks, configures and starts the node; fails the calling test class when it does not become ready. */
    void start() throws IOException {
        Path archive = Path.of(System.getProperty("pangea.distribution", "target/pangea-karaf.tar.gz"));
        assertThat(archive).as("the distribution built by this module").isRegularFile();
        workDir = Files.createTempDirectory(tempPrefix);
        run(workDir, COMMAND_TIMEOUT, "tar", "xzf", archive.toAbsolutePath().toString()).assertSuccess();
        try (Stream<Path> entries = Files.list(workDir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow().toRealPath();
        }

        int[] ports = freePorts(6);
        sshPort = ports[0];
        httpPort = ports[1];
        setProperty("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        setProperty("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
        setProperty("org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(ports[2]));
        setProperty("org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(ports[3]));
        transportPort = ports[4];
        setProperty("io.pangea.transport.tcp.cfg", "listenAddress", "/ip4/127.0.0.1/tcp/" + transportPort);
        quicPort = ports[5]; // a free TCP port number; UDP's is almost surely free too on a test machine
        setProperty("io.pangea.transport.quic.cfg", "listenAddress", "/ip4/127.0.0.1/udp/" + quicPort + "/quic-v1");

        startOutput = run(home, COMMAND_TIMEOUT, "bin/start");
        startOutput.assertSuccess();
        Result ready = pangea(START_TIMEOUT.plusSeconds(10), "--wait", String.valueOf(START_TIMEOUT.toSeconds()));
        if (ready.exitCode() != 0) {
            printLogTail("the node did not become ready");
            fail("bin/pangea --wait: " + ready);
        }
    }

    /** Stops the node (bin/stop, then kills it if it is still there after 30 s) and deletes its directory. */
    void stop() throws IOException {
        if (home != null) {
            Optional<ProcessHandle> karaf = karafProcess();
            try {
                run(home, COMMAND_TIMEOUT, "bin/stop");
            } catch (AssertionError | RuntimeException e) {
                System.err.println("bin/stop: " + e.getMessage());
            }
            karaf.ifPresent(process -> {
                try {
                    process.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("the node did not stop within 30 s; killing process " + process.pid());
                    process.destroyForcibly();
                    process.onExit().join();
                }
            });
        }
        if (workDir != null) {
            deleteTree(workDir);
        }
    }

    Path workDir() {
        return workDir;
    }

    Path home() {
        return home;
    }

    int sshPort() {
        return sshPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** What bin/start printed. */
    Result startOutput() {
        return startOutput;
    }

    /** etc/operator.credentials: user and password. */
    Properties operatorCredentials() throws IOException {
        return load(home.resolve("etc/operator.credentials"));
    }

    /** The Pangea page of the web console. */
    URI webConsolePage() {
        return URI.create("http://127.0.0.1:" + httpPort + "/system/console/pangea");
    }

    // --- bin/pangea --------------------------------------------------------------------------------------------

    Result pangea(String... command) {
        return pangea(COMMAND_TIMEOUT, command);
    }

    Result pangea(Duration timeout, String... command) {
        List<String> commandLine = new ArrayList<>(List.of("bin/pangea"));
        commandLine.addAll(List.of(command));
        return run(home, timeout, commandLine.toArray(String[]::new));
    }

    record Row(String capability, String provider, boolean active) {
    }

    /** pangea:providers CAPABILITY as rows, by the header's column names. */
    List<Row> providers(String capabilityId) {
        Result result = pangea("pangea:providers", capabilityId);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.output().lines().filter(line -> line.contains("|")).toList();
        assertThat(lines).as("a table: " + result.output()).isNotEmpty();
        List<String> header = cells(lines.get(0));
        int capability = header.indexOf("Capability");
        int provider = header.indexOf("Provider");
        int active = header.indexOf("Active");
        assertThat(List.of(capability, provider, active)).as("columns of " + header).doesNotContain(-1);
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = cells(line);
            if (cells.size() == header.size()) {
                rows.add(new Row(cells.get(capability), cells.get(provider), cells.get(active).equals("*")));
            }
        }
        return rows;
    }

    private static List<String> cells(String line) {
        return Stream.of(line.split("\\|", -1)).map(String::strip).toList();
    }

    /** The active provider of the rows, if any; fails when more than one is active. */
    static Optional<String> active(List<Row> rows) {
        List<String> active = rows.stream().filter(Row::active).map(Row::provider).toList();
        assertThat(active).as("at most one active provider").hasSizeLessThanOrEqualTo(1);
        return active.stream().findFirst();
    }

    private Optional<ProcessHandle> karafProcess() {
        try {
            Properties instances = load(home.resolve("instances/instance.properties"));
            return ProcessHandle.of(Long.parseLong(instances.getProperty("item.0.pid", "0").strip()));
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    // --- the log -----------------------------------------------------------------------------------------------

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTail(context.getDisplayName() + " failed");
    }

    /** Prints the end of the node's log, where the reason for a failure usually is. */
    void printLogTail(String why) {
        if (home == null) {
            return;
        }
        Path log = home.resolve("data/log/karaf.log");
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no " + log + ")");
            System.err.println("---- " + why + "; the last " + LOG_LINES + " lines of " + log + " ----");
            lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).forEach(System.err::println);
            System.err.println("---- end of " + log + " ----");
        } catch (IOException e) {
            System.err.println("could not read " + log + ": " + e);
        }
    }

    // --- files, ports, processes -------------------------------------------------------------------------------

    static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Sets KEY in a Karaf .cfg file of the unpacked node, as an operator would edit it. */
    int quicPort() {
        return quicPort;
    }

    int transportPort() {
        return transportPort;
    }

    private void setProperty(String cfg, String key, String value) throws IOException {
        Path file = home.resolve("etc").resolve(cfg);
        String pattern = "(?m)^\\s*" + Pattern.quote(key) + "\\s*=.*$";
        String text = Files.readString(file);
        String replaced = text.replaceAll(pattern, Matcher.quoteReplacement(key + " = " + value));
        Files.writeString(file, replaced.equals(text) ? text + "\n" + key + " = " + value + "\n" : replaced);
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    record Result(List<String> command, int exitCode, String output) {
        Result assertSuccess() {
            assertThat(exitCode).as(toString()).isZero();
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
        }
    }

    Result run(Path directory, Duration timeout, String... command) {
        return run(directory, timeout, Map.of(), command);
    }

    /** Runs a command to completion within the timeout; stdout and stderr together, colours removed. */
    Result run(Path directory, Duration timeout, Map<String, String> environment, String... command) {
        try {
            Path output = Files.createTempFile(workDir, "output-", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s:\n"
                        + Files.readString(output));
            }
            String text = Files.readString(output).replaceAll("\u001B\\[[0-9;]*m", "");
            Files.delete(output);
            return new Result(List.of(command), process.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
