package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads every fact of the machine as it is, before configuration: the readers under the given /proc and /sys
 * roots, the JVM, and the UDP check. Derived facts ({@value FactNames#BPF_RIGHTS}) are left to
 * {@link FactOverrides}, because they must follow the masks.
 */
final class MachineProbe {
    static final Duration UDP_TIMEOUT = Duration.ofMillis(500);

    private final Path proc;
    private final Path sys;
    private final JvmInfo jvm;
    private final Supplier<Fact> udp;

    MachineProbe(Path proc, Path sys, JvmInfo jvm, Supplier<Fact> udp) {
        this.proc = proc;
        this.sys = sys;
        this.jvm = jvm;
        this.udp = udp;
    }

    static MachineProbe ofThisMachine() {
        return new MachineProbe(Path.of("/proc"), Path.of("/sys"), JvmInfo.current(),
                new LoopbackUdpCheck(UDP_TIMEOUT));
    }

    /** Every read fact by name; never throws, a fact whose reader failed takes its absent value. */
    Map<String, Fact> read() {
        Map<String, Fact> facts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        collect(facts, failures, "CPU", () -> new CpuReader(proc, jvm.osArch(), jvm.availableProcessors()).read());
        collect(facts, failures, "memory", () -> new MemoryReader(proc, sys).read());
        collect(facts, failures, "process status", () -> new ProcessStatusReader(proc).read());
        collect(facts, failures, "kernel", () -> new KernelReader(proc, jvm.osVersion()).read());
        collect(facts, failures, "JVM", this::jvmFacts);
        collect(facts, failures, "UDP", () -> List.of(udp.get()));
        String notRead = failures.isEmpty() ? "not read" : String.join("; ", failures);
        for (String name : FactCatalog.names()) {
            if (!name.equals(FactNames.BPF_RIGHTS)) {
                facts.putIfAbsent(name, FactCatalog.absent(name, notRead));
            }
        }
        return facts;
    }

    private List<Fact> jvmFacts() {
        return List.of(
                Fact.of(FactNames.HEAP_MAX, jvm.maxMemory(),
                        "Runtime.maxMemory(): " + jvm.maxMemory() + " bytes (-Xmx or the JVM's default)"),
                text(FactNames.OS_ARCH, jvm.osArch(), "os.arch system property", ""),
                text(FactNames.JDK_VERSION, jvm.javaVersion(), "java.version system property",
                        " (java.vendor " + jvm.javaVendor() + ", " + jvm.vmName() + ")"));
    }

    private static Fact text(String name, String value, String source, String detail) {
        return value == null || value.isBlank()
                ? FactCatalog.absent(name, source + " not set" + detail)
                : Fact.of(name, value, source + ": " + value + detail);
    }

    /** A reader that throws (a parsing bug, say) costs the facts it did not deliver, not the activation. */
    private static void collect(Map<String, Fact> facts, List<String> failures, String source,
            Supplier<List<Fact>> reader) {
        try {
            for (Fact fact : reader.get()) {
                facts.put(fact.name(), fact);
            }
        } catch (RuntimeException e) {
            failures.add("reading the " + source + " facts failed: " + Sources.describe(e));
        }
    }
}
