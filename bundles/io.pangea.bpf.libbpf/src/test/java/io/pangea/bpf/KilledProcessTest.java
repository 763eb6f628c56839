package io.pangea.bpf;

import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM killed with SIGKILL while its program is attached leaves nothing attached: the link dies with it. */
class KilledProcessTest {

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void sigkillLeavesNothingAttached(XdpMode mode) throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            int ifindex = veth.nodeIndex();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(Bpf.class) + File.pathSeparator + classPath(XdpAttachChild.class),
                    XdpAttachChild.class.getName(), veth.nodeNamespace().orElseThrow(), Integer.toString(ifindex),
                    mode.name())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
                assertThat(line).as("the child's first line").startsWith("attached ");
                int programId = Integer.parseInt(line.substring("attached ".length()).strip());
                assertThat(veth.inNode(() -> Bpf.xdpAttachment(ifindex))).contains(new XdpAttachment(programId, mode));
                assertThat(veth.nodeDetails()).contains("id " + programId);
                assertThat(Commands.check(veth.inNodeNamespace("bpftool", "net", "show", "dev", veth.node()))).contains("id " + programId);
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close()
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
            }
            assertThat(child.exitValue()).isEqualTo(137);

            Optional<XdpAttachment> left = veth.inNode(() -> Bpf.xdpAttachment(ifindex));
            for (int i = 0; i < 50 && left.isPresent(); i++) {
                Thread.sleep(100);
                left = veth.inNode(() -> Bpf.xdpAttachment(ifindex));
            }
            assertThat(left).as("XDP program on " + veth.node() + " after SIGKILL").isEmpty();
            assertThat(veth.nodeDetails()).doesNotContain("prog/xdp").doesNotContain("xdpgeneric");
            assertThat(Commands.check(veth.inNodeNamespace("bpftool", "net", "show", "dev", veth.node()))).doesNotContain(veth.node());
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            String line = reader.readLine();
            return line == null ? "(the child ended without a word)" : line;
        } catch (java.io.IOException e) {
            return "(could not read the child: " + e + ")";
        }
    }

    private static String classPath(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
