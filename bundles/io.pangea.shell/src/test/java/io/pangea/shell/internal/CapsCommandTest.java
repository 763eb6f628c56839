package io.pangea.shell.internal;

import io.pangea.api.testing.Fakes;
import io.pangea.api.facts.Fact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapsCommandTest {
    private final Output output = new Output();
    private final CapsCommand command = new CapsCommand();

    @BeforeEach
    void setUp() {
        command.facts = Fakes.facts(
                Fact.of("cpu.avx2", true, "/proc/cpuinfo flags"),
                new Fact("io_uring.usable", "false", "masked by etc/io.pangea.probe.cfg", true),
                Fact.of("memory.total", 8L << 30, "/proc/meminfo MemTotal"));
        command.out = output.stream;
    }

    @Test
    void listsEveryFactWithMaskAndEvidence() {
        command.execute();

        assertThat(output.rows()).containsExactly(
                List.of("Fact", "Value", "Masked", "Evidence"),
                List.of("cpu.avx2", "true", "", "/proc/cpuinfo flags"),
                List.of("io_uring.usable", "false", "masked", "masked by etc/io.pangea.probe.cfg"),
                List.of("memory.total", Long.toString(8L << 30), "", "/proc/meminfo MemTotal"));
    }

    @Test
    void showsOneFact() {
        command.fact = "cpu.avx2";
        command.execute();

        assertThat(output.rows()).containsExactly(
                List.of("Fact", "Value", "Masked", "Evidence"),
                List.of("cpu.avx2", "true", "", "/proc/cpuinfo flags"));
    }

    @Test
    void unknownFactNamesTheKnownOnes() {
        command.fact = "cpu.quantum";

        assertThatThrownBy(command::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fact 'cpu.quantum'; known: cpu.avx2, io_uring.usable, memory.total");
        assertThat(output.text()).isEmpty();
    }

    @Test
    void saysWhenTheProbeIsMissing() {
        command.facts = null;

        assertThatThrownBy(command::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.pangea.probe");
    }
}
