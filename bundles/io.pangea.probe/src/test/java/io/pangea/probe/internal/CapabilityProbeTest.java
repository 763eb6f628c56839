package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CapabilityProbeTest {
    @TempDir
    Path root;

    /** "level: message" for every call of a logging method, with the {} placeholders filled in. */
    private final List<String> logged = new ArrayList<>();

    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isDebugEnabled", "isTraceEnabled" -> {
                            return false;
                        }
                        case "getName" -> {
                            return "test";
                        }
                        default -> {
                            List<Object> values = new ArrayList<>();
                            for (int i = 1; i < args.length; i++) {
                                if (args[i] instanceof Object[] array) {
                                    values.addAll(Arrays.asList(array));
                                } else {
                                    values.add(args[i]);
                                }
                            }
                            String message = (String) args[0];
                            for (Object value : values) {
                                message = message.replaceFirst("\\{}", String.valueOf(value).replace("$", "\\$"));
                            }
                            logged.add(method.getName() + ": " + message);
                            return null;
                        }
                    }
                });
    }

    @Test
    void publishesTheMaskedFactsSortedAndLogsOneLinePerActivation() {
        FactOverrides overrides = FactOverrides.from(new String[] {"cap.bpf, cpu.nope"},
                Map.of("set.memory.available", "1g"));

        CapabilityProbe probe = new CapabilityProbe(FakeMachine.typical(root).probe(), overrides, recordingLogger());

        assertThat(probe.all().stream().map(Fact::name).toList()).isSorted().hasSize(FactCatalog.names().size());
        assertThat(probe.get(FactNames.CAP_BPF).orElseThrow().masked()).isTrue();
        assertThat(probe.get(FactNames.BPF_RIGHTS).orElseThrow().isTrue()).isFalse();
        assertThat(probe.get(FactNames.MEMORY_AVAILABLE).orElseThrow().asLong()).isEqualTo(1L << 30);
        assertThat(probe.get(FactNames.CPU_AVX2).orElseThrow().isTrue()).isTrue();
        assertThat(probe.get("cpu.nope")).isEmpty();
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).startsWith("warn: configuration io.pangea.probe: mask names unknown fact 'cpu.nope'");
        assertThat(logged.get(1)).isEqualTo("info: capability probe read 18 facts; masked by configuration"
                + " io.pangea.probe: bpf.rights, cap.bpf, memory.available");
    }

    @Test
    void withoutConfigurationNothingIsMasked() {
        CapabilityProbe probe = new CapabilityProbe(FakeMachine.typical(root).probe(), FactOverrides.none(),
                recordingLogger());

        assertThat(probe.all()).noneMatch(Fact::masked);
        assertThat(probe.get(FactNames.BPF_RIGHTS).orElseThrow().isTrue()).isTrue();
        assertThat(logged).containsExactly(
                "info: capability probe read 18 facts; masked by configuration io.pangea.probe: none");
    }

    @Test
    void worksWithoutALogService() {
        CapabilityProbe probe = new CapabilityProbe(FakeMachine.typical(root).probe(),
                FactOverrides.from(new String[] {"unknown.fact"}, Map.of()), null);

        assertThat(probe.get(FactNames.UDP).orElseThrow().isTrue()).isTrue();
    }
}
