package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CPU features /proc/cpuinfo reports (x86 lists them under {@code flags}, ARM under {@code Features}) and
 * the number of processors the JVM may use.
 */
final class CpuReader {

    /** Which flag names stand for a fact on each architecture family; an empty list: not on that family. */
    private record Feature(String fact, List<String> x86, List<String> arm) {
    }

    private static final List<Feature> FEATURES = List.of(
            new Feature(FactNames.CPU_AVX2, List.of("avx2"), List.of()),
            new Feature(FactNames.CPU_AVX512, List.of("avx512f"), List.of()),
            new Feature(FactNames.CPU_AES, List.of("aes"), List.of("aes")),
            new Feature(FactNames.CPU_SHA, List.of("sha_ni"), List.of("sha2")),
            new Feature(FactNames.CPU_NEON, List.of(), List.of("asimd", "neon")));

    static final String X86_KEY = "flags";
    static final String ARM_KEY = "Features";

    /**
     * What /proc/cpuinfo says.
     *
     * @param featureKey {@code flags} (x86), {@code Features} (ARM) or null when neither line is there
     * @param features   the feature names of the first processor
     * @param processors the number of {@code processor} entries
     */
    record CpuInfo(String featureKey, Set<String> features, int processors) {
    }

    private final Path cpuinfo;
    private final String osArch;
    private final int availableProcessors;

    CpuReader(Path proc, String osArch, int availableProcessors) {
        this.cpuinfo = proc.resolve("cpuinfo");
        this.osArch = osArch;
        this.availableProcessors = availableProcessors;
    }

    static CpuInfo parse(String text) {
        String key = null;
        Set<String> features = Set.of();
        int processors = 0;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            // Exact names: x86 also has "vmx flags", which are not CPU features.
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equals("processor")) {
                processors++;
            } else if (key == null && (name.equals(X86_KEY) || name.equals(ARM_KEY))) {
                key = name;
                features = new LinkedHashSet<>();
                for (String feature : value.split("\\s+")) {
                    if (!feature.isEmpty()) {
                        features.add(feature);
                    }
                }
            }
        }
        return new CpuInfo(key, Set.copyOf(features), processors);
    }

    List<Fact> read() {
        CpuInfo info;
        String failure = null;
        try {
            info = parse(Sources.read(cpuinfo));
        } catch (IOException | RuntimeException e) {
            info = new CpuInfo(null, Set.of(), 0);
            failure = cpuinfo + " " + Sources.unreadable(e);
        }
        List<Fact> facts = new ArrayList<>();
        for (Feature feature : FEATURES) {
            facts.add(failure != null ? FactCatalog.absent(feature.fact(), failure) : feature(info, feature));
        }
        String counted = failure != null ? failure : cpuinfo + " processor entries: " + info.processors();
        facts.add(Fact.of(FactNames.CPU_CORES, availableProcessors,
                "Runtime.availableProcessors(): " + availableProcessors
                        + " (honours the cgroup CPU quota and affinity); " + counted));
        return facts;
    }

    private Fact feature(CpuInfo info, Feature feature) {
        if (info.featureKey() == null) {
            return FactCatalog.absent(feature.fact(),
                    cpuinfo + ": no " + X86_KEY + " or " + ARM_KEY + " line (os.arch " + osArch + ")");
        }
        boolean x86 = info.featureKey().equals(X86_KEY);
        List<String> names = x86 ? feature.x86() : feature.arm();
        String where = cpuinfo + " " + info.featureKey();
        if (names.isEmpty()) {
            return FactCatalog.absent(feature.fact(), where + ": " + (x86 ? "x86" : "ARM") + " CPU (os.arch " + osArch
                    + "), " + feature.fact() + " exists only on " + (x86 ? "ARM" : "x86"));
        }
        for (String name : names) {
            if (info.features().contains(name)) {
                return Fact.of(feature.fact(), true, where + ": " + name + " present");
            }
        }
        return Fact.of(feature.fact(), false, where + ": " + String.join(", ", names) + " absent");
    }
}
