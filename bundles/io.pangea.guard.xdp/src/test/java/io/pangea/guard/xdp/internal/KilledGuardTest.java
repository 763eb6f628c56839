package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.Guard;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.XdpAttachment;
import io.pangea.bpf.XdpMode;
import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node JVM killed with SIGKILL while guarding leaves no XDP program on the interface (the node end of a pair
 * between two namespaces of the test's own, entered by the child to attach).
 */
class KilledGuardTest {

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void sigkillLeavesNothingAttached(XdpMode mode) throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            String namespace = veth.nodeNamespace().orElseThrow();
            int ifindex = veth.nodeIndex();
            String classPath = Stream.of(GuardChild.class, XdpGuard.class, Bpf.class, Guard.class)
                    .map(KilledGuardTest::classPath).distinct().collect(Collectors.joining(File.pathSeparator));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath, GuardChild.class.getName(), namespace, veth.node(), Integer.toString(ifindex),
                    mode.name().toLowerCase()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
                assertThat(line).as("the child's first line").isEqualTo("guarding");
                assertThat(attachment(namespace, ifindex)).hasValueSatisfying(a -> assertThat(a.mode()).isEqualTo(mode));
                assertThat(Commands.check("ip", "netns", "exec", namespace, "bpftool", "net", "show", "dev", veth.node())).contains(veth.node());
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no deactivation
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
            }
            assertThat(child.exitValue()).isEqualTo(137);

            Optional<XdpAttachment> left = attachment(namespace, ifindex);
            for (int i = 0; i < 50 && left.isPresent(); i++) {
                Thread.sleep(100);
                left = attachment(namespace, ifindex);
            }
            assertThat(left).as("XDP program on " + veth.node() + " after SIGKILL").isEmpty();
            assertThat(veth.nodeDetails()).doesNotContain("prog/xdp").doesNotContain("xdpgeneric");
            assertThat(Commands.check("ip", "netns", "exec", namespace, "bpftool", "net", "show", "dev", veth.node())).doesNotContain(veth.node());
        }
    }

    /** What is attached to interface {@code ifindex} of {@code namespace}, asked inside it. */
    private static Optional<XdpAttachment> attachment(String namespace, int ifindex) throws Exception {
        return NetworkNamespace.run(namespace, () -> Bpf.xdpAttachment(ifindex));
    }

    private static String readLine(BufferedReader reader) {
        try {
            String line = reader.readLine();
            return line == null ? "(the child ended without a word)" : line;
        } catch (IOException e) {
            return "(could not read the child: " + e + ")";
        }
    }

    private static String classPath(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
