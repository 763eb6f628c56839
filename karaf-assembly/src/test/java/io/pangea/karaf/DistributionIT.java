package io.pangea.karaf;

import static io.pangea.karaf.PangeaNode.COMMAND_TIMEOUT;
import static io.pangea.karaf.PangeaNode.SWITCH_TIMEOUT;
import static io.pangea.karaf.PangeaNode.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.pangea.karaf.PangeaNode.Result;
import io.pangea.karaf.PangeaNode.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built distribution, used as an operator would: unpacked into a fresh directory, given free ports, started
 * with bin/start and driven through bin/pangea (SSH with the operator's key), plain ssh and the web console.
 * One node serves every test; the tests run in order because the hot swap changes the node's state.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    /** Also prints the end of the node's log when a test fails. */
    @RegisterExtension
    static final PangeaNode node = new PangeaNode("pangea-distribution-");

    private static Path home;

    @BeforeAll
    static void unpackConfigureAndStart() throws Exception {
        node.start();
        home = node.home();
    }

    @AfterAll
    static void stopAndDelete() throws Exception {
        node.stop();
    }

    @Test
    @Order(1)
    void firstStartCreatesTheOperatorAndNoOtherUser() throws Exception {
        Path credentials = home.resolve("etc/operator.credentials");
        assertThat(node.startOutput().output()).as("bin/start tells where the credentials are")
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
    @Order(3)
    void metricsEndpointServesThePrometheusTextFormat() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI metrics = URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics");
        HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(metrics).timeout(COMMAND_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body())
                .contains("\npangea_provider_active{capability=\"compression\",provider=\"zstd\"} 1\n")
                .contains("# TYPE pangea_jvm_heap_used_bytes gauge\n");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(metrics).timeout(COMMAND_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);

        Result table = pangea("pangea:metrics", "provider_active");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.output()).contains("capability=compression, provider=zstd");
    }

    @Test
    @Order(3)
    void nativeCipherAndErasureProvidersLoadInKarafWithTheirFallbacksListed() {
        // Their JNI libraries come out of the bundles (Bundle-NativeCode) and link the system's libraries.
        List<Row> erasure = node.providers("erasure");
        assertThat(erasure).extracting(Row::provider).containsExactlyInAnyOrder("isal", "java");
        assertThat(active(erasure)).contains("isal");
        List<Row> cipher = node.providers("cipher");
        assertThat(cipher).extracting(Row::provider)
                .containsExactlyInAnyOrder("xchacha20-poly1305-native", "aes-256-gcm", "xchacha20-poly1305-java");
        assertThat(active(cipher)).contains("xchacha20-poly1305-native");
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

    @Test
    @Order(7)
    void aFilePutIntoTheNodeComesBackBitForBit() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(content);
        Path original = Files.createTempFile(home, "original-", ".bin");
        Files.write(original, content);
        Path copy = home.resolve("copy.bin");

        Result put = pangea("pangea:put", "--quiet", original.toString()).assertSuccess();
        String capability = put.output().lines().filter(line -> line.startsWith("pangea:")).findFirst()
                .orElseThrow(() -> new AssertionError("no read capability in " + put));
        String fileId = capability.split(":")[1];

        assertThat(pangea("pangea:ls").assertSuccess().output()).contains(fileId.substring(0, 12));
        pangea("pangea:get", capability, copy.toString()).assertSuccess();
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        assertThat(pangea("pangea:verify", fileId).assertSuccess().output()).doesNotContain("unrecoverable");

        // A wrong key is a clear error and leaves no output behind.
        String wrongKey = capability.substring(0, capability.lastIndexOf(':') + 1)
                + "A".repeat(capability.length() - capability.lastIndexOf(':') - 1);
        Path nothing = home.resolve("nothing.bin");
        Result wrong = pangea("pangea:get", wrongKey, nothing.toString());
        assertThat(wrong.exitCode()).as(wrong.toString()).isNotZero();
        assertThat(Files.exists(nothing)).isFalse();
    }

    @Test
    @Order(8)
    void theTcpTransportListensWithTheNodesPeerIdAndSpeaksMultistream() throws Exception {
        List<Row> transport = node.providers("transport");
        // Both transports listen; QUIC is preferred where UDP works (the probe's udp.usable fact).
        assertThat(transport).extracting(Row::provider).containsExactlyInAnyOrder("quic", "tcp");
        assertThat(active(transport)).contains("quic");
        // The user-space guard is what judges inbound connections here (the XDP one is not booted).
        assertThat(active(node.providers("guard"))).contains("userspace");
        // As root with eBPF allowed, the kernel's connection tracker (TC) is chosen over the /proc poller.
        assertThat(active(node.providers("conntrack"))).contains(bpfAllowed() ? "tc" : "proc");
        // The listener answers the libp2p handshake's first step: multistream-select's protocol id.
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                node.transportPort())) {
            socket.setSoTimeout((int) COMMAND_TIMEOUT.toMillis());
            byte[] header = "/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(header.length);
            socket.getOutputStream().write(header);
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readNBytes(1 + header.length);
            assertThat(answer[0]).isEqualTo((byte) header.length);
            assertThat(new String(answer, 1, header.length, StandardCharsets.US_ASCII)).isEqualTo("/multistream/1.0.0\n");

            // The open connection is tracked, with the same local and remote ends the socket sees.
            Result tracked = pangea("conntrack:list", "--port", String.valueOf(node.transportPort()));
            assertThat(tracked.exitCode()).as(tracked.toString()).isZero();
            assertThat(tracked.output()).contains("127.0.0.1:" + socket.getLocalPort())
                    .contains("127.0.0.1:" + node.transportPort());
        }
        assertThat(home.resolve("data/pangea/node.key")).exists();

        // The DHT runs over it; pangea:id shows the peer id the transport proves in its handshakes.
        assertThat(active(node.providers("dht"))).contains("kad");
        Result id = pangea("pangea:id").assertSuccess();
        assertThat(id.output()).contains("12D3KooW").contains("/tcp/" + node.transportPort())
                .contains("/udp/" + node.quicPort() + "/quic-v1");
    }

    @Test
    @Order(9)
    void guardRulesAreKeptOutsideTheProvidersAndReachTheActiveGuard() throws Exception {
        pangea("guard:deny", "198.51.100.0/24").assertSuccess();
        pangea("guard:allow", "198.51.100.7").assertSuccess();
        String list = pangea("guard:list").assertSuccess().output();
        assertThat(list).contains("198.51.100.0/24").contains("198.51.100.7/32");
        // Karaf writes the configuration back to its etc/ file a moment later.
        Path cfg = home.resolve("etc/io.pangea.guard.rules.cfg");
        long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
        while (!Files.readString(cfg).contains("198.51.100.0/24") && System.nanoTime() < deadline) {
            PangeaNode.sleep(Duration.ofMillis(200));
        }
        assertThat(Files.readString(cfg)).contains("198.51.100.0/24");
        assertThat(pangea("guard:stats").assertSuccess().output()).contains("userspace");

        Result malformed = pangea("guard:deny", "198.51.100.300");
        assertThat(malformed.exitCode()).as(malformed.toString()).isNotZero();
        assertThat(malformed.output()).contains("198.51.100.300");
        pangea("guard:remove", "198.51.100.7").assertSuccess();
        pangea("guard:remove", "198.51.100.0/24").assertSuccess();
    }

    // --- the node ---------------------------------------------------------------------------------------------

    /** pangea:providers compression as rows, by the header's column names. */
    private static List<Row> compressionProviders() {
        return node.providers("compression");
    }

    private static Optional<String> active(List<Row> rows) {
        return PangeaNode.active(rows);
    }

    private static void awaitActive(String expected, Predicate<List<Row>> condition) {
        long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
        List<Row> rows = compressionProviders();
        while (!condition.test(rows)) {
            if (System.nanoTime() > deadline) {
                fail(expected + " did not become the active compression provider within " + SWITCH_TIMEOUT.toSeconds()
                        + " s; providers: " + rows);
            }
            PangeaNode.sleep(Duration.ofMillis(500));
            rows = compressionProviders();
        }
    }

    private static HttpResponse<String> webConsole(String userAndPassword) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.webConsolePage()).timeout(COMMAND_TIMEOUT);
        if (userAndPassword != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A password login over SSH as a person types it (the password comes from SSH_ASKPASS). */
    private static Result sshWithPassword(String user, String password) throws IOException {
        Path askpass = node.workDir().resolve("askpass-" + user);
        Files.writeString(askpass, "#!/bin/sh\necho '" + password + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        return node.run(home, COMMAND_TIMEOUT,
                Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force"),
                "ssh", "-n", "-p", String.valueOf(node.sshPort()), "-l", user,
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive",
                "-o", "NumberOfPasswordPrompts=1", "127.0.0.1", "shell:echo logged-in");
    }

    private static Result pangea(String... command) {
        return node.pangea(command);
    }

    /** The users of a JAAS properties file: every entry but the group definitions. */
    private static Map<String, String> users(String file) throws IOException {
        Properties properties = load(home.resolve("etc").resolve(file));
        return properties.stringPropertyNames().stream().filter(name -> !name.startsWith("_g_:"))
                .collect(Collectors.toMap(name -> name, properties::getProperty));
    }

    /** Whether the probe found eBPF allowed (root with CAP_BPF here; not in an unprivileged container). */
    private static boolean bpfAllowed() {
        return pangea("pangea:caps").assertSuccess().output().lines()
                .map(String::strip).filter(line -> line.startsWith("bpf.rights"))
                .map(line -> line.split("\\|")) // a ShellTable row: Fact | Value | Masked | Evidence
                .anyMatch(cells -> cells.length > 1 && cells[1].strip().equals("true"));
    }
}
