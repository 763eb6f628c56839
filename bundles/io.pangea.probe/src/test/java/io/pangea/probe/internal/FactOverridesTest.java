package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FactOverridesTest {

    /** What a machine with AVX2 and both eBPF capabilities reads. */
    private static Map<String, Fact> read() {
        Map<String, Fact> read = new TreeMap<>();
        for (Fact fact : List.of(
                Fact.of(FactNames.CPU_AVX2, true, "/proc/cpuinfo flags: avx2 present"),
                Fact.of(FactNames.CPU_AES, true, "/proc/cpuinfo flags: aes present"),
                Fact.of(FactNames.CAP_BPF, true, "/proc/self/status CapEff=000001ffffffffff: bit 39 (CAP_BPF) set"),
                Fact.of(FactNames.CAP_NET_ADMIN, true,
                        "/proc/self/status CapEff=000001ffffffffff: bit 12 (CAP_NET_ADMIN) set"),
                Fact.of(FactNames.MEMORY_AVAILABLE, 23456789L * 1024, "/proc/meminfo MemAvailable: 23456789 kB"),
                Fact.of(FactNames.KERNEL_VERSION, "6.1.0-18-amd64", "/proc/sys/kernel/osrelease"))) {
            read.put(fact.name(), fact);
        }
        return read;
    }

    private static Map<String, Fact> apply(FactOverrides overrides) {
        return overrides.apply(read()).stream().collect(Collectors.toMap(Fact::name, Function.identity()));
    }

    private static FactOverrides mask(String... mask) {
        return FactOverrides.from(mask, Map.of());
    }

    @Test
    void withoutConfigurationTheReadFactsStandAndBpfRightsIsDerived() {
        Map<String, Fact> facts = apply(FactOverrides.none());

        assertThat(facts.get(FactNames.CPU_AVX2)).isEqualTo(read().get(FactNames.CPU_AVX2));
        assertThat(facts.get(FactNames.BPF_RIGHTS))
                .isEqualTo(Fact.of(FactNames.BPF_RIGHTS, true, "cap.bpf = true and cap.net_admin = true"));
    }

    @Test
    void factsComeSortedByName() {
        List<String> names = FactOverrides.none().apply(read()).stream().map(Fact::name).toList();

        assertThat(names).isSorted().contains(FactNames.BPF_RIGHTS).hasSize(read().size() + 1);
    }

    @Test
    void aMaskedBooleanBecomesFalseAndNamesTheConfigurationAndTheReadValue() {
        Fact avx2 = apply(mask(FactNames.CPU_AVX2)).get(FactNames.CPU_AVX2);

        assertThat(avx2).isEqualTo(new Fact(FactNames.CPU_AVX2, "false",
                "masked by configuration io.pangea.probe (read: true — /proc/cpuinfo flags: avx2 present)", true));
    }

    @Test
    void maskedNumbersBecomeZeroAndTextUnknown() {
        Map<String, Fact> facts = apply(mask(FactNames.MEMORY_AVAILABLE, FactNames.KERNEL_VERSION));

        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).value()).isEqualTo("0");
        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).masked()).isTrue();
        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isEqualTo("unknown");
        assertThat(facts.get(FactNames.KERNEL_VERSION).evidence()).contains("(read: 6.1.0-18-amd64 — ");
        assertThat(facts.get(FactNames.CPU_AES).masked()).isFalse();
    }

    @Test
    void maskingCapBpfTakesTheBpfRightsAway() {
        Map<String, Fact> facts = apply(mask(FactNames.CAP_BPF));

        assertThat(facts.get(FactNames.CAP_BPF).isTrue()).isFalse();
        assertThat(facts.get(FactNames.BPF_RIGHTS)).isEqualTo(new Fact(FactNames.BPF_RIGHTS, "false",
                "cap.bpf = false (forced by configuration io.pangea.probe) and cap.net_admin = true", true));
    }

    @Test
    void bpfRightsCanBeMaskedItself() {
        Map<String, Fact> facts = apply(mask(FactNames.BPF_RIGHTS));

        assertThat(facts.get(FactNames.CAP_BPF).isTrue()).isTrue();
        assertThat(facts.get(FactNames.BPF_RIGHTS).isTrue()).isFalse();
        assertThat(facts.get(FactNames.BPF_RIGHTS).masked()).isTrue();
        assertThat(facts.get(FactNames.BPF_RIGHTS).evidence()).isEqualTo("masked by configuration io.pangea.probe"
                + " (read: true — cap.bpf = true and cap.net_admin = true)");
    }

    @Test
    void aKarafCommaSeparatedStringIsAList() {
        FactOverrides overrides = mask("cpu.avx2, cpu.aes,cap.bpf");

        Map<String, Fact> facts = apply(overrides);

        assertThat(overrides.warnings()).isEmpty();
        assertThat(facts.get(FactNames.CPU_AVX2).masked()).isTrue();
        assertThat(facts.get(FactNames.CPU_AES).masked()).isTrue();
        assertThat(facts.get(FactNames.CAP_BPF).masked()).isTrue();
        assertThat(facts.get(FactNames.CAP_NET_ADMIN).masked()).isFalse();
    }

    @Test
    void setForcesAValue() {
        FactOverrides overrides = FactOverrides.from(null,
                Map.of("set.memory.available", "2147483648", "service.pid", "io.pangea.probe"));

        Fact available = apply(overrides).get(FactNames.MEMORY_AVAILABLE);

        assertThat(overrides.warnings()).isEmpty();
        assertThat(available).isEqualTo(new Fact(FactNames.MEMORY_AVAILABLE, "2147483648",
                "set by configuration io.pangea.probe set.memory.available=2147483648"
                        + " (read: 24019751936 — /proc/meminfo MemAvailable: 23456789 kB)", true));
    }

    @Test
    void setAcceptsSizeSuffixesBooleansAndOneElementArrays() {
        Map<String, Fact> facts = apply(FactOverrides.from(new String[0], Map.of(
                "set.memory.available", "2g",
                "set.cpu.avx2", "FALSE",
                "set.kernel.version", new String[] {"5.0.0"})));

        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).asLong()).isEqualTo(2L << 30);
        assertThat(facts.get(FactNames.CPU_AVX2).value()).isEqualTo("false");
        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isEqualTo("5.0.0");
    }

    @Test
    void settingACapabilityAlsoDecidesBpfRights() {
        Fact rights = apply(FactOverrides.from(null, Map.of("set.cap.net_admin", "false"))).get(FactNames.BPF_RIGHTS);

        assertThat(rights.isTrue()).isFalse();
        assertThat(rights.masked()).isTrue();
    }

    @Test
    void aValueThatDoesNotFitIsReportedAndIgnored() {
        FactOverrides overrides = FactOverrides.from(null, Map.of("set.cpu.avx2", "yes", "set.cpu.cores", "many"));

        assertThat(overrides.warnings()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("set.cpu.avx2", "'yes'", "boolean"))
                .anySatisfy(w -> assertThat(w).contains("set.cpu.cores", "'many'", "number"));
        assertThat(apply(overrides).get(FactNames.CPU_AVX2)).isEqualTo(read().get(FactNames.CPU_AVX2));
    }

    @Test
    void unknownNamesAreReported() {
        FactOverrides overrides = FactOverrides.from(new String[] {"cpu.avx3, cpu.aes"},
                Map.of("set.cpu.quantum", "true"));

        assertThat(overrides.warnings()).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("io.pangea.probe", "mask", "'cpu.avx3'", "cpu.avx2"))
                .anySatisfy(w -> assertThat(w).contains("set.cpu.quantum", "'cpu.quantum'"));
        Map<String, Fact> facts = apply(overrides);
        assertThat(facts).doesNotContainKeys("cpu.avx3", "cpu.quantum");
        assertThat(facts.get(FactNames.CPU_AES).masked()).isTrue();
    }

    @Test
    void setWinsOverMaskWithAWarning() {
        FactOverrides overrides = FactOverrides.from(new String[] {"cpu.cores"}, Map.of("set.cpu.cores", "8"));

        assertThat(overrides.warnings()).singleElement().asString().contains("set.cpu.cores", "mask", "set value wins");
        Map<String, Fact> read = read();
        read.put(FactNames.CPU_CORES, Fact.of(FactNames.CPU_CORES, 2, "Runtime.availableProcessors(): 2"));
        Fact cores = overrides.apply(read).stream().filter(f -> f.name().equals(FactNames.CPU_CORES)).findFirst()
                .orElseThrow();
        assertThat(cores.value()).isEqualTo("8");
        assertThat(cores.evidence()).startsWith("set by configuration io.pangea.probe set.cpu.cores=8 (read: 2 — ");
    }
}
