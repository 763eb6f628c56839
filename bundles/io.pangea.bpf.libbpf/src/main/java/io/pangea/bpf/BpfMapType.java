package io.pangea.bpf;

import java.util.Arrays;

/** The kernel's map types (enum bpf_map_type) the binding knows by name; the others are {@link #OTHER}. */
public enum BpfMapType {
    HASH(1), ARRAY(2), PROG_ARRAY(3), PERF_EVENT_ARRAY(4), PERCPU_HASH(5, true), PERCPU_ARRAY(6, true),
    STACK_TRACE(7), CGROUP_ARRAY(8), LRU_HASH(9), LRU_PERCPU_HASH(10, true), LPM_TRIE(11), ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13), DEVMAP(14), SOCKMAP(15), CPUMAP(16), XSKMAP(17), SOCKHASH(18), QUEUE(22), STACK(23),
    RINGBUF(27), OTHER(-1);

    private final int id;
    private final boolean perCpu;

    BpfMapType(int id) {
        this(id, false);
    }

    BpfMapType(int id, boolean perCpu) {
        this.id = id;
        this.perCpu = perCpu;
    }

    /** The kernel's number for the type, -1 for {@link #OTHER}. */
    public int id() {
        return id;
    }

    /** Whether every possible CPU holds its own copy of each value. */
    public boolean perCpu() {
        return perCpu;
    }

    public static BpfMapType of(int id) {
        return Arrays.stream(values()).filter(t -> t.id == id).findFirst().orElse(OTHER);
    }
}
