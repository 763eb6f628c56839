package io.pangea.bpf;

import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Running code inside a namespace of the test's own, and nowhere else. */
class NetworkNamespaceTest {

    @Test
    void runsOnAThreadInsideTheNamespaceOnly() throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            String namespace = veth.nodeNamespace().orElseThrow();
            int ifindex = veth.nodeIndex();
            Thread caller = Thread.currentThread();
            Thread inside = NetworkNamespace.run(namespace, Thread::currentThread);
            assertThat(inside).isNotSameAs(caller);
            assertThat(NetworkNamespace.run(namespace, NetworkNamespaceTest::interfaces))
                    .containsExactlyInAnyOrder("lo", veth.node());
            assertThat(interfaces()).as("this thread stays where it was").doesNotContain(veth.node());
            assertThat(NetworkNamespace.run(namespace, () -> Bpf.xdpAttachment(ifindex))).isEmpty();
        }
    }

    @Test
    void passesOnWhatTheTaskThrows() {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            assertThatThrownBy(() -> NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), () -> {
                throw new IOException("from inside");
            })).isInstanceOf(IOException.class).hasMessage("from inside");
        }
    }

    @Test
    void refusesPathsAndMissingNamespaces() {
        KernelTests.assume();
        assertThatThrownBy(() -> NetworkNamespace.run("../../proc/1/ns/net", () -> 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetworkNamespace.run("", () -> 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetworkNamespace.run("pgk-no-such-namespace", () -> 1))
                .isInstanceOf(BpfException.class).hasMessageContaining("/var/run/netns/pgk-no-such-namespace");
    }

    /** The interfaces of the calling thread's namespace (/proc/net is the process's, so not that). */
    private static List<String> interfaces() throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/net/dev")).stream().skip(2)
                .map(line -> line.substring(0, line.indexOf(':')).strip()).collect(Collectors.toList());
    }
}
