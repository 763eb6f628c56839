package io.pangea.tracer.internal;

import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.KernelTests;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node without eBPF rights: the tracer must still register its metrics and say why it does not run. The child
 * JVM is root without a single capability (setpriv empties the bounding set), which is what an unprivileged
 * Karaf looks like to the bpf() system call.
 */
class WithoutRightsTest {

    @Test
    void withoutCapabilitiesTheTracerReportsNotPermitted() {
        KernelTests.assume();
        if (!Commands.run("setpriv", "--version").ok()) {
            KernelTests.skip("setpriv (util-linux) is missing: cannot start a JVM without capabilities");
        }
        Commands.Result child = Commands.run("setpriv", "--bounding-set=-all", "--inh-caps=-all",
                "--ambient-caps=-all", "--no-new-privs",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), UnprivilegedTracer.class.getName());

        assertThat(child.exit()).as(child.output()).isZero();
        assertThat(child.output()).as(child.output())
                .contains("pangea_tracer_up {reason=not_permitted} 0.0")
                .doesNotContain("pangea_tcp_");
    }
}
