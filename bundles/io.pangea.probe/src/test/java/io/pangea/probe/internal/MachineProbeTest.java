package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class MachineProbeTest {
    @TempDir
    Path root;

    private static Set<String> readNames() {
        Set<String> names = new TreeSet<>(FactCatalog.names());
        names.remove(FactNames.BPF_RIGHTS);
        return names;
    }

    @Test
    void readsEveryFactOfAFakeMachine() {
        Map<String, Fact> facts = FakeMachine.typical(root).probe().read();

        assertThat(facts.keySet()).isEqualTo(readNames());
        assertThat(facts.get(FactNames.CPU_AVX2).isTrue()).isTrue();
        assertThat(facts.get(FactNames.MEMORY_TOTAL).asLong()).isEqualTo(24684084L * 1024);
        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isEqualTo("6.1.0-18-amd64");
        assertThat(facts.get(FactNames.IO_URING).isTrue()).isTrue();
        assertThat(facts.get(FactNames.ROOT).isTrue()).isTrue();
        assertThat(facts.get(FactNames.CPU_CORES).asLong()).isEqualTo(2);
        assertThat(facts.get(FactNames.HEAP_MAX))
                .isEqualTo(Fact.of(FactNames.HEAP_MAX, 1L << 30,
                        "Runtime.maxMemory(): 1073741824 bytes (-Xmx or the JVM's default)"));
        assertThat(facts.get(FactNames.OS_ARCH))
                .isEqualTo(Fact.of(FactNames.OS_ARCH, "amd64", "os.arch system property: amd64"));
        assertThat(facts.get(FactNames.JDK_VERSION)).isEqualTo(Fact.of(FactNames.JDK_VERSION, "17.0.15",
                "java.version system property: 17.0.15 (java.vendor Test Vendor, Test VM)"));
        assertThat(facts.get(FactNames.UDP)).isEqualTo(Fact.of(FactNames.UDP, true, "fake loopback"));
    }

    @Test
    void aMachineWithNothingReadableStillHasEveryFact() {
        Map<String, Fact> facts = new FakeMachine(root).probe().read();

        assertThat(facts.keySet()).isEqualTo(readNames());
        assertThat(facts.values()).allSatisfy(fact -> assertThat(fact.evidence()).isNotBlank());
        assertThat(facts.get(FactNames.CPU_AES).value()).isEqualTo("false");
        assertThat(facts.get(FactNames.CAP_BPF).value()).isEqualTo("false");
        assertThat(facts.get(FactNames.MEMORY_TOTAL).value()).isEqualTo("0");
        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isEqualTo("6.1.0-18-amd64");
        assertThat(facts.get(FactNames.KERNEL_VERSION).evidence()).contains("os.version");
    }

    @Test
    void aReaderThatThrowsCostsOnlyItsOwnFacts() {
        Map<String, Fact> facts = FakeMachine.typical(root).probe(() -> {
            throw new IllegalStateException("sandbox said no");
        }).read();

        assertThat(facts.keySet()).isEqualTo(readNames());
        assertThat(facts.get(FactNames.UDP)).isEqualTo(Fact.of(FactNames.UDP, false,
                "reading the UDP facts failed: IllegalStateException: sandbox said no"));
        assertThat(facts.get(FactNames.CPU_AVX2).isTrue()).isTrue();
    }
}
