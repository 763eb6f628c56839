package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessStatusReaderTest {
    @TempDir
    Path root;

    private Map<String, Fact> read(String status) {
        FakeMachine machine = new FakeMachine(root);
        if (status != null) {
            machine.write("proc/self/status", status);
        }
        return new ProcessStatusReader(machine.proc).read().stream()
                .collect(Collectors.toMap(Fact::name, Function.identity()));
    }

    @Test
    void parsesCapEffAndUid() {
        ProcessStatusReader.Status status = ProcessStatusReader.parse(FakeMachine.STATUS_ROOT_WITH_BPF);

        assertThat(status.capEff()).isEqualTo("000001ffffffffff");
        assertThat(status.uid()).isEqualTo("0 0 0 0");
        assertThat(status.hasCapability(ProcessStatusReader.CAP_BPF)).isTrue();
        assertThat(status.effectiveUid()).isZero();
    }

    @Test
    void fullCapabilitiesIncludeBpfAndNetAdmin() {
        Map<String, Fact> facts = read(FakeMachine.STATUS_ROOT_WITH_BPF);
        String status = root.resolve("proc/self/status").toString();

        assertThat(facts.get(FactNames.CAP_BPF)).isEqualTo(Fact.of(FactNames.CAP_BPF, true,
                status + " CapEff=000001ffffffffff: bit 39 (CAP_BPF) set"));
        assertThat(facts.get(FactNames.CAP_NET_ADMIN)).isEqualTo(Fact.of(FactNames.CAP_NET_ADMIN, true,
                status + " CapEff=000001ffffffffff: bit 12 (CAP_NET_ADMIN) set"));
        assertThat(facts.get(FactNames.ROOT))
                .isEqualTo(Fact.of(FactNames.ROOT, true, status + " Uid: 0 0 0 0 (effective uid 0)"));
    }

    @Test
    void aKernelBeforeCapBpfHasNetAdminOnly() {
        // Kernels before 5.8 know capabilities 0..37 only: bit 39 is never set.
        Map<String, Fact> facts = read("Uid:\t0\t0\t0\t0\nCapEff:\t0000003fffffffff\n");

        assertThat(facts.get(FactNames.CAP_BPF).isTrue()).isFalse();
        assertThat(facts.get(FactNames.CAP_BPF).evidence()).endsWith("CapEff=0000003fffffffff: bit 39 (CAP_BPF) clear");
        assertThat(facts.get(FactNames.CAP_NET_ADMIN).isTrue()).isTrue();
    }

    @Test
    void bpfWithoutNetAdmin() {
        // 0x8000000000 is bit 39 alone.
        Map<String, Fact> facts = read("Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000008000000000\n");

        assertThat(facts.get(FactNames.CAP_BPF).isTrue()).isTrue();
        assertThat(facts.get(FactNames.CAP_NET_ADMIN).isTrue()).isFalse();
        assertThat(facts.get(FactNames.ROOT).isTrue()).isFalse();
        assertThat(facts.get(FactNames.ROOT).evidence()).endsWith("Uid: 1000 1000 1000 1000 (effective uid 1000)");
    }

    @Test
    void theEffectiveUidIsTheSecondField() {
        // A set-uid-root program run by user 1000: real uid 1000, effective 0.
        assertThat(read("Uid:\t1000\t0\t0\t0\nCapEff:\t0\n").get(FactNames.ROOT).isTrue()).isTrue();
        // And the reverse: real uid 0, effective 1000.
        assertThat(read("Uid:\t0\t1000\t1000\t1000\nCapEff:\t0\n").get(FactNames.ROOT).isTrue()).isFalse();
    }

    @Test
    void missingLinesSaySo() {
        Map<String, Fact> facts = read("Name:\tjava\n");

        assertThat(facts.get(FactNames.CAP_BPF).value()).isEqualTo("false");
        assertThat(facts.get(FactNames.CAP_BPF).evidence()).endsWith("no CapEff line");
        assertThat(facts.get(FactNames.ROOT).evidence()).endsWith("no Uid line");
    }

    @Test
    void garbledCapEffIsNotACapability() {
        Fact bpf = read("CapEff:\tzzzz\n").get(FactNames.CAP_BPF);

        assertThat(bpf.value()).isEqualTo("false");
        assertThat(bpf.evidence()).endsWith("CapEff=zzzz: not a hex mask");
    }

    @Test
    void unreadableStatusGivesFalseWithTheError() {
        Map<String, Fact> facts = read(null);

        assertThat(facts).hasSize(3);
        assertThat(facts.values()).allSatisfy(fact -> {
            assertThat(fact.value()).isEqualTo("false");
            assertThat(fact.evidence()).contains("status unreadable (NoSuchFileException");
        });
    }
}
