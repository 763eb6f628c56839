package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Physical memory from /proc/meminfo, and the memory actually available to the node: the kernel's
 * MemAvailable, bounded by the headroom of the cgroup memory limit when one is set (a container sees the
 * host's /proc/meminfo, not its own limit).
 */
final class MemoryReader {

    /** cgroup v1 writes "no limit" as a huge page-aligned number (for example 9223372036854771712). */
    private static final long V1_UNLIMITED = 1L << 62;

    /** One cgroup hierarchy: where it is mounted, and the names of its limit and usage files. */
    private record Hierarchy(String label, Path base, String limitFile, String usageFile) {
    }

    /** The tightest limit found along the cgroup path, and what was looked at. */
    record CgroupLimit(OptionalLong headroom, String evidence) {
    }

    private final Path proc;
    private final Path sys;

    MemoryReader(Path proc, Path sys) {
        this.proc = proc;
        this.sys = sys;
    }

    /** The meminfo entries in bytes ("MemTotal: 24684084 kB" gives MemTotal = 24684084 * 1024). */
    static Map<String, Long> parseMeminfo(String text) {
        Map<String, Long> entries = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).trim().split("\\s+");
            try {
                long number = Long.parseLong(value[0]);
                boolean kilobytes = value.length > 1 && value[1].equalsIgnoreCase("kB");
                entries.put(line.substring(0, colon).trim(), kilobytes ? number * 1024 : number);
            } catch (NumberFormatException e) {
                // not a number: not an entry the probe uses
            }
        }
        return entries;
    }

    /**
     * A cgroup memory limit file: {@code max} (v2) or the v1 "unlimited" number give empty; otherwise the
     * limit in bytes.
     */
    static OptionalLong parseLimit(String text) {
        String value = text.trim();
        if (value.equals("max")) {
            return OptionalLong.empty();
        }
        long limit = Long.parseLong(value);
        return limit >= V1_UNLIMITED ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    List<Fact> read() {
        Path meminfo = proc.resolve("meminfo");
        Map<String, Long> entries;
        String meminfoFailure = null;
        try {
            entries = parseMeminfo(Sources.read(meminfo));
        } catch (IOException | RuntimeException e) {
            entries = Map.of();
            meminfoFailure = meminfo + " " + Sources.unreadable(e);
        }
        List<Fact> facts = new ArrayList<>();
        Long total = entries.get("MemTotal");
        if (total != null) {
            facts.add(Fact.of(FactNames.MEMORY_TOTAL, total, meminfo + " MemTotal: " + total / 1024 + " kB"));
        } else {
            facts.add(FactCatalog.absent(FactNames.MEMORY_TOTAL,
                    meminfoFailure != null ? meminfoFailure : meminfo + ": no MemTotal line"));
        }

        StringBuilder evidence = new StringBuilder();
        long available = Long.MAX_VALUE;
        if (entries.containsKey("MemAvailable")) {
            available = entries.get("MemAvailable");
            evidence.append(meminfo).append(" MemAvailable: ").append(available / 1024).append(" kB");
        } else if (entries.containsKey("MemFree")) {
            // Kernels before 3.14 have no MemAvailable; MemFree underestimates, which errs on the safe side.
            available = entries.get("MemFree");
            evidence.append(meminfo).append(" MemFree: ").append(available / 1024).append(" kB (no MemAvailable)");
        } else {
            evidence.append(meminfoFailure != null ? meminfoFailure : meminfo + ": no MemAvailable line");
        }
        CgroupLimit cgroup = cgroupLimit();
        evidence.append("; ").append(cgroup.evidence());
        if (cgroup.headroom().isPresent() && cgroup.headroom().getAsLong() < available) {
            available = cgroup.headroom().getAsLong();
            evidence.append(" — the cgroup limit is the tighter bound");
        }
        facts.add(available == Long.MAX_VALUE
                ? FactCatalog.absent(FactNames.MEMORY_AVAILABLE, evidence.toString())
                : Fact.of(FactNames.MEMORY_AVAILABLE, available, evidence.toString()));
        return facts;
    }

    /**
     * The smallest headroom (limit minus usage) of the process's cgroup and its ancestors, cgroup v2 first
     * (memory.max, memory.current), else v1 (memory.limit_in_bytes, memory.usage_in_bytes).
     */
    CgroupLimit cgroupLimit() {
        Path cgroupFile = proc.resolve("self/cgroup");
        String v2Path = "/";
        String v1Path = null;
        String membership;
        try {
            for (String line : Sources.read(cgroupFile).split("\n")) {
                String[] fields = line.split(":", 3);
                if (fields.length < 3) {
                    continue;
                }
                if (fields[0].equals("0") && fields[1].isEmpty()) {
                    v2Path = fields[2].trim();
                } else if (List.of(fields[1].split(",")).contains("memory")) {
                    v1Path = fields[2].trim();
                }
            }
            membership = null;
        } catch (IOException | RuntimeException e) {
            membership = cgroupFile + " " + Sources.unreadable(e);
        }
        Path cgroupRoot = sys.resolve("fs/cgroup");
        List<String> seen = new ArrayList<>();
        OptionalLong headroom = walk(new Hierarchy("cgroup", cgroupRoot, "memory.max", "memory.current"),
                v2Path, seen);
        if (seen.isEmpty() && v1Path != null) {
            headroom = walk(new Hierarchy("cgroup v1", cgroupRoot.resolve("memory"), "memory.limit_in_bytes",
                    "memory.usage_in_bytes"), v1Path, seen);
        }
        if (seen.isEmpty()) {
            seen.add("no cgroup memory limit (" + cgroupRoot.resolve("memory.max") + " absent)");
        }
        if (membership != null) {
            seen.add(0, membership);
        }
        return new CgroupLimit(headroom, String.join("; ", seen));
    }

    private OptionalLong walk(Hierarchy hierarchy, String cgroupPath, List<String> seen) {
        Path base = hierarchy.base().normalize();
        Path dir = base.resolve(cgroupPath.replaceFirst("^/+", "")).normalize();
        if (!dir.startsWith(base)) {
            // Outside our cgroup namespace ("/../.."): only the namespace root is visible.
            dir = base;
        }
        long tightest = Long.MAX_VALUE;
        while (true) {
            Path limitFile = dir.resolve(hierarchy.limitFile());
            if (Files.exists(limitFile)) {
                String item = hierarchy.label() + " " + limitFile + ": ";
                try {
                    String raw = Sources.read(limitFile).trim();
                    item += raw;
                    OptionalLong limit = parseLimit(raw);
                    if (limit.isPresent()) {
                        long usage = Long.parseLong(Sources.read(dir.resolve(hierarchy.usageFile())).trim());
                        long left = Math.max(0, limit.getAsLong() - usage);
                        item += ", " + hierarchy.usageFile() + ": " + usage + " (headroom " + left + ")";
                        tightest = Math.min(tightest, left);
                    }
                } catch (IOException | RuntimeException e) {
                    item += Sources.unreadable(e);
                }
                seen.add(item);
            }
            if (dir.equals(base)) {
                break;
            }
            dir = dir.getParent();
        }
        return tightest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(tightest);
    }
}
