package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CpuReaderTest {
    @TempDir
    Path root;

    private Map<String, Fact> read(String cpuinfo, String osArch, int cores) {
        FakeMachine machine = new FakeMachine(root);
        if (cpuinfo != null) {
            machine.write("proc/cpuinfo", cpuinfo);
        }
        List<Fact> facts = new CpuReader(machine.proc, osArch, cores).read();
        return facts.stream().collect(Collectors.toMap(Fact::name, Function.identity()));
    }

    @Test
    void parsesTheFirstX86FlagsLineAndCountsProcessors() {
        CpuReader.CpuInfo info = CpuReader.parse(FakeMachine.X86_CPUINFO);

        assertThat(info.featureKey()).isEqualTo("flags");
        assertThat(info.processors()).isEqualTo(2);
        assertThat(info.features()).contains("avx2", "aes", "sha_ni", "fpu").doesNotContain("avx512f", "flags");
    }

    @Test
    void x86FlagsGiveTheX86Features() {
        Map<String, Fact> facts = read(FakeMachine.X86_CPUINFO, "amd64", 2);
        String cpuinfo = root.resolve("proc/cpuinfo").toString();

        assertThat(facts.get(FactNames.CPU_AVX2))
                .isEqualTo(Fact.of(FactNames.CPU_AVX2, true, cpuinfo + " flags: avx2 present"));
        assertThat(facts.get(FactNames.CPU_AES).isTrue()).isTrue();
        assertThat(facts.get(FactNames.CPU_SHA))
                .isEqualTo(Fact.of(FactNames.CPU_SHA, true, cpuinfo + " flags: sha_ni present"));
        // avx512f appears only in "vmx flags", which lists virtualisation features, not CPU features.
        assertThat(facts.get(FactNames.CPU_AVX512))
                .isEqualTo(Fact.of(FactNames.CPU_AVX512, false, cpuinfo + " flags: avx512f absent"));
        assertThat(facts.get(FactNames.CPU_NEON).isTrue()).isFalse();
        assertThat(facts.get(FactNames.CPU_NEON).evidence()).contains("x86", "amd64", "only on ARM");
    }

    @Test
    void armFeaturesGiveTheArmFeatures() {
        CpuReader.CpuInfo info = CpuReader.parse(FakeMachine.ARM_CPUINFO);
        assertThat(info.featureKey()).isEqualTo("Features");
        assertThat(info.processors()).isEqualTo(4);

        Map<String, Fact> facts = read(FakeMachine.ARM_CPUINFO, "aarch64", 4);
        String cpuinfo = root.resolve("proc/cpuinfo").toString();

        assertThat(facts.get(FactNames.CPU_NEON))
                .isEqualTo(Fact.of(FactNames.CPU_NEON, true, cpuinfo + " Features: asimd present"));
        assertThat(facts.get(FactNames.CPU_SHA))
                .isEqualTo(Fact.of(FactNames.CPU_SHA, true, cpuinfo + " Features: sha2 present"));
        assertThat(facts.get(FactNames.CPU_AES).isTrue()).isTrue();
        assertThat(facts.get(FactNames.CPU_AVX2).isTrue()).isFalse();
        assertThat(facts.get(FactNames.CPU_AVX2).evidence()).contains("ARM", "aarch64", "only on x86");
        assertThat(facts.get(FactNames.CPU_AVX512).isTrue()).isFalse();
    }

    @Test
    void armWithoutCryptoExtensions() {
        Map<String, Fact> facts = read("processor\t: 0\nFeatures\t: fp asimd evtstrm crc32\n", "aarch64", 1);

        assertThat(facts.get(FactNames.CPU_AES).isTrue()).isFalse();
        assertThat(facts.get(FactNames.CPU_SHA).evidence()).endsWith("Features: sha2 absent");
        assertThat(facts.get(FactNames.CPU_NEON).isTrue()).isTrue();
    }

    @Test
    void thirtyTwoBitArmNamesNeonItself() {
        Map<String, Fact> facts = read("processor\t: 0\nFeatures\t: half thumb fastmult vfp edsp neon vfpv3\n",
                "arm", 1);

        assertThat(facts.get(FactNames.CPU_NEON).evidence()).endsWith("Features: neon present");
    }

    @Test
    void coresComeFromTheJvmWithTheProcessorCountAsEvidence() {
        Map<String, Fact> facts = read(FakeMachine.X86_CPUINFO, "amd64", 1);

        assertThat(facts.get(FactNames.CPU_CORES).asLong()).isEqualTo(1);
        assertThat(facts.get(FactNames.CPU_CORES).evidence())
                .contains("Runtime.availableProcessors(): 1", "processor entries: 2");
    }

    @Test
    void unreadableCpuinfoGivesFalseWithTheError() {
        Map<String, Fact> facts = read(null, "amd64", 3);

        for (String name : List.of(FactNames.CPU_AVX2, FactNames.CPU_AVX512, FactNames.CPU_AES, FactNames.CPU_SHA,
                FactNames.CPU_NEON)) {
            assertThat(facts.get(name).value()).as(name).isEqualTo("false");
            assertThat(facts.get(name).evidence()).as(name).contains("unreadable", "NoSuchFileException");
        }
        assertThat(facts.get(FactNames.CPU_CORES).asLong()).isEqualTo(3);
    }

    @Test
    void cpuinfoWithoutFeatureLineSaysSo() {
        Map<String, Fact> facts = read("processor\t: 0\nmodel name\t: something\n", "riscv64", 1);

        assertThat(facts.get(FactNames.CPU_AES).value()).isEqualTo("false");
        assertThat(facts.get(FactNames.CPU_AES).evidence()).contains("no flags or Features line", "riscv64");
    }
}
