package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every fact the probe publishes and what kind of value it holds, which decides its absent value. */
final class FactCatalog {

    enum Kind {
        FLAG("false"), NUMBER("0"), TEXT("unknown");

        final String absent;

        Kind(String absent) {
            this.absent = absent;
        }
    }

    private static final Map<String, Kind> KINDS = new TreeMap<>(Map.ofEntries(
            Map.entry(FactNames.CPU_AVX2, Kind.FLAG),
            Map.entry(FactNames.CPU_AVX512, Kind.FLAG),
            Map.entry(FactNames.CPU_AES, Kind.FLAG),
            Map.entry(FactNames.CPU_SHA, Kind.FLAG),
            Map.entry(FactNames.CPU_NEON, Kind.FLAG),
            Map.entry(FactNames.CPU_CORES, Kind.NUMBER),
            Map.entry(FactNames.MEMORY_TOTAL, Kind.NUMBER),
            Map.entry(FactNames.MEMORY_AVAILABLE, Kind.NUMBER),
            Map.entry(FactNames.HEAP_MAX, Kind.NUMBER),
            Map.entry(FactNames.KERNEL_VERSION, Kind.TEXT),
            Map.entry(FactNames.IO_URING, Kind.FLAG),
            Map.entry(FactNames.CAP_BPF, Kind.FLAG),
            Map.entry(FactNames.CAP_NET_ADMIN, Kind.FLAG),
            Map.entry(FactNames.BPF_RIGHTS, Kind.FLAG),
            Map.entry(FactNames.ROOT, Kind.FLAG),
            Map.entry(FactNames.UDP, Kind.FLAG),
            Map.entry(FactNames.JDK_VERSION, Kind.TEXT),
            Map.entry(FactNames.OS_ARCH, Kind.TEXT)));

    private FactCatalog() {
    }

    /** Every known fact name, sorted. */
    static Set<String> names() {
        return KINDS.keySet();
    }

    static boolean isKnown(String name) {
        return KINDS.containsKey(name);
    }

    /** The kind of a fact; facts the catalog does not know are treated as text. */
    static Kind kind(String name) {
        return KINDS.getOrDefault(name, Kind.TEXT);
    }

    /** The fact with its absent value (false, 0 or "unknown"), for a source that could not tell. */
    static Fact absent(String name, String evidence) {
        return new Fact(name, kind(name).absent, evidence, false);
    }
}
