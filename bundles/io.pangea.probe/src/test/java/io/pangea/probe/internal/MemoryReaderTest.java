package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryReaderTest {
    private static final long MEM_TOTAL = 24684084L * 1024;
    private static final long MEM_AVAILABLE = 23456789L * 1024;

    @TempDir
    Path root;

    private Map<String, Fact> read(FakeMachine machine) {
        return new MemoryReader(machine.proc, machine.sys).read().stream()
                .collect(Collectors.toMap(Fact::name, Function.identity()));
    }

    private FakeMachine machine(String cgroup) {
        return new FakeMachine(root).write("proc/meminfo", FakeMachine.MEMINFO).write("proc/self/cgroup", cgroup);
    }

    @Test
    void parsesMeminfoIntoBytes() {
        Map<String, Long> entries = MemoryReader.parseMeminfo(FakeMachine.MEMINFO);

        assertThat(entries).containsEntry("MemTotal", MEM_TOTAL)
                .containsEntry("MemAvailable", MEM_AVAILABLE)
                .containsEntry("HugePages_Total", 0L);
    }

    @Test
    void parsesCgroupLimits() {
        assertThat(MemoryReader.parseLimit("max\n")).isEmpty();
        assertThat(MemoryReader.parseLimit("2147483648\n")).isEqualTo(OptionalLong.of(2147483648L));
        // cgroup v1 spells "no limit" as a huge page-aligned number.
        assertThat(MemoryReader.parseLimit("9223372036854771712")).isEmpty();
    }

    @Test
    void withoutCgroupLimitTheKernelsMemAvailableCounts() {
        Map<String, Fact> facts = read(machine("0::/\n"));
        String meminfo = root.resolve("proc/meminfo").toString();

        assertThat(facts.get(FactNames.MEMORY_TOTAL))
                .isEqualTo(Fact.of(FactNames.MEMORY_TOTAL, MEM_TOTAL, meminfo + " MemTotal: 24684084 kB"));
        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).asLong()).isEqualTo(MEM_AVAILABLE);
        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).evidence()).isEqualTo(meminfo
                + " MemAvailable: 23456789 kB; no cgroup memory limit ("
                + root.resolve("sys/fs/cgroup/memory.max") + " absent)");
    }

    @Test
    void cgroupMaxMeansNoLimit() {
        FakeMachine machine = machine("0::/\n").write("sys/fs/cgroup/memory.max", "max\n");

        Fact available = read(machine).get(FactNames.MEMORY_AVAILABLE);

        assertThat(available.asLong()).isEqualTo(MEM_AVAILABLE);
        assertThat(available.evidence()).endsWith("; cgroup " + root.resolve("sys/fs/cgroup/memory.max") + ": max");
    }

    @Test
    void cgroupLimitMinusUsageBoundsTheAvailableMemory() {
        FakeMachine machine = machine("0::/\n")
                .write("sys/fs/cgroup/memory.max", "2147483648\n")
                .write("sys/fs/cgroup/memory.current", "536870912\n");

        Fact available = read(machine).get(FactNames.MEMORY_AVAILABLE);

        assertThat(available.asLong()).isEqualTo(2147483648L - 536870912L);
        assertThat(available.evidence()).contains("MemAvailable: 23456789 kB",
                "memory.max: 2147483648, memory.current: 536870912 (headroom 1610612736)", "tighter bound");
    }

    @Test
    void aLimitAboveMemAvailableDoesNotRaiseIt() {
        FakeMachine machine = machine("0::/\n")
                .write("sys/fs/cgroup/memory.max", Long.toString(MEM_TOTAL * 4))
                .write("sys/fs/cgroup/memory.current", "0");

        assertThat(read(machine).get(FactNames.MEMORY_AVAILABLE).asLong()).isEqualTo(MEM_AVAILABLE);
    }

    @Test
    void theTightestAncestorOfTheProcessCgroupCounts() {
        FakeMachine machine = machine("0::/system.slice/pangea.service\n")
                .write("sys/fs/cgroup/system.slice/pangea.service/memory.max", "max")
                .write("sys/fs/cgroup/system.slice/pangea.service/memory.current", "1000")
                .write("sys/fs/cgroup/system.slice/memory.max", "1073741824")
                .write("sys/fs/cgroup/system.slice/memory.current", "73741824");

        Fact available = read(machine).get(FactNames.MEMORY_AVAILABLE);

        assertThat(available.asLong()).isEqualTo(1_000_000_000L);
        assertThat(available.evidence()).contains("pangea.service/memory.max: max", "headroom 1000000000");
    }

    @Test
    void cgroupV1MemoryControllerIsUsedWhenThereIsNoV2Limit() {
        FakeMachine machine = machine("4:memory:/docker/abc\n0::/\n")
                .write("sys/fs/cgroup/memory/docker/abc/memory.limit_in_bytes", "536870912\n")
                .write("sys/fs/cgroup/memory/docker/abc/memory.usage_in_bytes", "134217728\n")
                .write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");

        Fact available = read(machine).get(FactNames.MEMORY_AVAILABLE);

        assertThat(available.asLong()).isEqualTo(536870912L - 134217728L);
        assertThat(available.evidence()).contains("cgroup v1", "memory.limit_in_bytes: 9223372036854771712");
    }

    @Test
    void unreadableMeminfoGivesZeroWithTheError() {
        Map<String, Fact> facts = read(new FakeMachine(root));

        assertThat(facts.get(FactNames.MEMORY_TOTAL).value()).isEqualTo("0");
        assertThat(facts.get(FactNames.MEMORY_TOTAL).evidence()).contains("meminfo unreadable (NoSuchFileException");
        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).value()).isEqualTo("0");
        assertThat(facts.get(FactNames.MEMORY_AVAILABLE).evidence())
                .contains("meminfo unreadable", "self/cgroup unreadable");
    }

    @Test
    void withoutMeminfoTheCgroupHeadroomStillTells() {
        FakeMachine machine = new FakeMachine(root).write("proc/self/cgroup", "0::/\n")
                .write("sys/fs/cgroup/memory.max", "1048576")
                .write("sys/fs/cgroup/memory.current", "48576");

        assertThat(read(machine).get(FactNames.MEMORY_AVAILABLE).asLong()).isEqualTo(1_000_000L);
    }
}
