package io.pangea.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The built distribution, used as an operator would: unpacked into a fresh directory, given free ports, started
 * with bin/start and driven through bin/pangea (SSH with the operator's key), plain ssh and the web console.
 * One node serves every test; the tests run in order because the hot swap changes the node's state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DistributionIT.KarafLogOnFailure.class)
class DistributionIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(30);

    private static Path workDir;
    private static Path home;
    private static int sshPort;
    private static int httpPort;
    private static Result startOutput;

    @BeforeAll
    static void unpackConfigureAndStart() throws Exception {
        Path archive = Path.of(System.getProperty("pangea.distribution", "target/pangea-karaf.tar.gz"));
        assertThat(archive).as("the distribution built by this module").isRegularFile();
        workDir = Files.createTempDirectory("pangea-distribution-");
        run(workDir, COMMAND_TIMEOUT, "tar", "xzf", archive.toAbsolutePath().toString()).assertSuccess();
        try (Stream<Path> entries = Files.list(workDir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow().toRealPath();
        }

        int[] ports = freePorts(4);
        sshPort = ports[0];
        httpPort = ports[1];
        setProperty("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        setProperty("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
        setProperty("org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(ports[2]));
        setProperty("org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(ports[3]));

        startOutput = run(home, COMMAND_TIMEOUT, "bin/start");
        startOutput.assertSuccess();
        Result ready = pangea(START_TIMEOUT.plusSeconds(10), "--wait", String.valueOf(START_TIMEOUT.toSeconds()));
        if (ready.exitCode() != 0) {
            KarafLogOnFailure.printLogTail("the node did not become ready");
            fail("bin/pangea --wait: " + ready);
        }
    }

    @AfterAll
    static void stopAndDelete() throws Exception {
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
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    void firstStartCreatesTheOperatorAndNoOtherUser() throws Exception {
        Path credentials = home.resolve("etc/operator.credentials");
        assertThat(startOutput.output()).as("bin/start tells where the credentials are")
                .contains(credentials.toString()).contains("operator");
        for (String file : List.of("operator.credentials", "operator_ssh", "users.properties", "keys.properties")) {
            assertThat(Files.getPosixFilePermissions(home.resolve("etc").resolve(file))).as(file)
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        Properties operator = load(credentials);
        assertThat(operator.getProperty("user")).isEqualTo("operator");
        assertThat(operator.getProperty("password")).hasSizeGreaterThanOrEqualTo(24);

        assertThat(users("users.properties")).containsOnlyKeys("operator");
        assertThat(users("users.properties").get("operator")).as("stored as a digest")
                .startsWith("{CRYPT}").doesNotContain(operator.getProperty("password"));
        assertThat(users("keys.properties")).containsOnlyKeys("operator");

        assertThat(sshWithPassword("karaf", "karaf").exitCode()).as("karaf/karaf over SSH").isEqualTo(255);
        Result asOperator = sshWithPassword("operator", operator.getProperty("password"));
        assertThat(asOperator.exitCode()).as("the operator's password over SSH: " + asOperator).isZero();
        assertThat(asOperator.output()).contains("logged-in");
    }

    @Test
    @Order(2)
    void capsListsTheHardwareFacts() {
        Result caps = pangea("pangea:caps");
        assertThat(caps.exitCode()).as(caps.toString()).isZero();
        assertThat(caps.output()).contains("cpu.avx2", "memory.available", "bpf.rights");
    }

    @Test
    @Order(3)
    void zstdIsTheActiveCompressionAndNoneIsPresent() {
        List<Row> rows = compressionProviders();
        assertThat(rows).extracting(Row::provider).contains("zstd", "none");
        assertThat(active(rows)).contains("zstd");
    }

    @Test
    @Order(4)
    void uninstallingAndInstallingZstdSwitchesTheActiveProvider() {
        Result uninstall = pangea("feature:uninstall", "pangea-compression-zstd");
        assertThat(uninstall.exitCode()).as(uninstall.toString()).isZero();
        awaitActive("none", rows -> active(rows).equals(Optional.of("none")));

        Result install = pangea("feature:install", "pangea-compression-zstd");
        assertThat(install.exitCode()).as(install.toString()).isZero();
        awaitActive("zstd", rows -> active(rows).equals(Optional.of("zstd")));
    }

    @Test
    @Order(5)
    void selectingAnUnknownProviderFailsAndSaysWhy() {
        Result select = pangea("pangea:select", "compression", "nosuch");
        assertThat(select.exitCode()).as(select.toString()).isNotZero();
        assertThat(select.output()).contains("nosuch");
        assertThat(active(compressionProviders())).contains("zstd");
    }

    @Test
    @Order(6)
    void webConsolePageNeedsTheOperatorsCredentials() throws Exception {
        Properties operator = load(home.resolve("etc/operator.credentials"));
        assertThat(webConsole(null).statusCode()).as("no credentials").isEqualTo(401);
        assertThat(webConsole("operator:wrong-" + operator.getProperty("password")).statusCode())
                .as("wrong password").isEqualTo(401);
        assertThat(webConsole("karaf:karaf").statusCode()).as("karaf/karaf").isEqualTo(401);
        HttpResponse<String> page = webConsole("operator:" + operator.getProperty("password"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("zstd");
    }

    // --- the node ---------------------------------------------------------------------------------------------

    private record Row(String capability, String provider, boolean active) {
    }

    /** pangea:providers compression as rows, by the header's column names. */
    private static List<Row> compressionProviders() {
        Result result = pangea("pangea:providers", "compression");
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

    private static Optional<String> active(List<Row> rows) {
        List<String> active = rows.stream().filter(Row::active).map(Row::provider).toList();
        assertThat(active).as("at most one active provider").hasSizeLessThanOrEqualTo(1);
        return active.stream().findFirst();
    }

    private static void awaitActive(String expected, Predicate<List<Row>> condition) {
        long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
        List<Row> rows = compressionProviders();
        while (!condition.test(rows)) {
            if (System.nanoTime() > deadline) {
                fail(expected + " did not become the active compression provider within " + SWITCH_TIMEOUT.toSeconds()
                        + " s; providers: " + rows);
            }
            sleep(Duration.ofMillis(500));
            rows = compressionProviders();
        }
    }

    private static HttpResponse<String> webConsole(String userAndPassword) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/system/console/pangea"))
                .timeout(COMMAND_TIMEOUT);
        if (userAndPassword != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A password login over SSH as a person types it (the password comes from SSH_ASKPASS). */
    private static Result sshWithPassword(String user, String password) throws IOException {
        Path askpass = workDir.resolve("askpass-" + user);
        Files.writeString(askpass, "#!/bin/sh\necho '" + password + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        return run(home, COMMAND_TIMEOUT, Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force"),
                "ssh", "-n", "-p", String.valueOf(sshPort), "-l", user,
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
                "-o", "NumberOfPasswordPrompts=1", "127.0.0.1", "shell:echo logged-in");
    }

    private static Result pangea(String... command) {
        return pangea(COMMAND_TIMEOUT, command);
    }

    private static Result pangea(Duration timeout, String... command) {
        List<String> commandLine = new ArrayList<>(List.of("bin/pangea"));
        commandLine.addAll(List.of(command));
        return run(home, timeout, commandLine.toArray(String[]::new));
    }

    private static Optional<ProcessHandle> karafProcess() {
        try {
            Properties instances = load(home.resolve("instances/instance.properties"));
            return ProcessHandle.of(Long.parseLong(instances.getProperty("item.0.pid", "0").strip()));
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    // --- files, ports, processes -------------------------------------------------------------------------------

    /** The users of a JAAS properties file: every entry but the group definitions. */
    private static Map<String, String> users(String file) throws IOException {
        Properties properties = load(home.resolve("etc").resolve(file));
        return properties.stringPropertyNames().stream().filter(name -> !name.startsWith("_g_:"))
                .collect(Collectors.toMap(name -> name, properties::getProperty));
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /** Sets KEY in a Karaf .cfg file of the unpacked node, as an operator would edit it. */
    private static void setProperty(String cfg, String key, String value) throws IOException {
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

    private static Result run(Path directory, Duration timeout, String... command) {
        return run(directory, timeout, Map.of(), command);
    }

    /** Runs a command to completion within the timeout; stdout and stderr together, colours removed. */
    private static Result run(Path directory, Duration timeout, Map<String, String> environment, String... command) {
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Prints the end of the node's log when a test fails, where the reason usually is. */
    static class KarafLogOnFailure implements TestWatcher {
        private static final int LINES = 80;

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printLogTail(context.getDisplayName() + " failed");
        }

        static void printLogTail(String why) {
            if (home == null) {
                return;
            }
            Path log = home.resolve("data/log/karaf.log");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no " + log + ")");
                System.err.println("---- " + why + "; the last " + LINES + " lines of " + log + " ----");
                lines.subList(Math.max(0, lines.size() - LINES), lines.size()).forEach(System.err::println);
                System.err.println("---- end of " + log + " ----");
            } catch (IOException e) {
                System.err.println("could not read " + log + ": " + e);
            }
        }
    }
}
