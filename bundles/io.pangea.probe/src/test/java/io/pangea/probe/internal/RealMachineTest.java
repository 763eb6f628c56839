package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the machine the build runs on; asserts only what holds on any machine. */
class RealMachineTest {

    private static List<String> factNameConstants() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : FactNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    @Test
    void everyFactOfThisMachineIsThereWithEvidence() throws IllegalAccessException {
        List<Fact> all = FactOverrides.none().apply(MachineProbe.ofThisMachine().read());
        Map<String, Fact> facts = all.stream().collect(Collectors.toMap(Fact::name, Function.identity()));

        assertThat(factNameConstants()).hasSizeGreaterThanOrEqualTo(18);
        assertThat(facts.keySet()).containsExactlyInAnyOrderElementsOf(factNameConstants());
        assertThat(all.stream().map(Fact::name).toList()).isSorted();
        assertThat(all).allSatisfy(fact -> {
            assertThat(fact.evidence()).as(fact.name()).isNotBlank();
            assertThat(fact.masked()).as(fact.name()).isFalse();
        });

        assertThat(facts.get(FactNames.CPU_CORES).asLong()).isBetween(1L,
                (long) Runtime.getRuntime().availableProcessors());
        long total = facts.get(FactNames.MEMORY_TOTAL).asLong();
        assertThat(total).isPositive();
        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).asLong()).isBetween(1L, total);
        assertThat(facts.get(FactNames.HEAP_MAX).asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isNotBlank().isNotEqualTo("unknown")
                .matches("\\d+\\.\\d+.*");
        assertThat(facts.get(FactNames.OS_ARCH).value()).isEqualTo(System.getProperty("os.arch"));
        assertThat(facts.get(FactNames.JDK_VERSION).value()).isEqualTo(System.getProperty("java.version"));
        assertThat(facts.get(FactNames.BPF_RIGHTS).isTrue()).isEqualTo(
                facts.get(FactNames.CAP_BPF).isTrue() && facts.get(FactNames.CAP_NET_ADMIN).isTrue());
        // x86 and ARM features exclude each other.
        assertThat(facts.get(FactNames.CPU_AVX2).isTrue() && facts.get(FactNames.CPU_NEON).isTrue()).isFalse();
        for (Fact fact : all) {
            assertThat(fact.value()).as(fact.name()).isNotEmpty();
            if (FactCatalog.kind(fact.name()) == FactCatalog.Kind.FLAG) {
                assertThat(fact.value()).as(fact.name()).isIn("true", "false");
            } else if (FactCatalog.kind(fact.name()) == FactCatalog.Kind.NUMBER) {
                assertThat(fact.asLong()).as(fact.name()).isNotNegative();
            }
        }
    }
}
