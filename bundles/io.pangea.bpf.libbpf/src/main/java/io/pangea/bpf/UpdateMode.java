package io.pangea.bpf;

/** When a map update may happen. */
public enum UpdateMode {
    /** Create the entry or replace it (BPF_ANY). */
    ANY(0),
    /** Only create it (BPF_NOEXIST). */
    CREATE(1),
    /** Only replace it (BPF_EXIST). */
    REPLACE(2);

    private final long flag;

    UpdateMode(long flag) {
        this.flag = flag;
    }

    /** The BPF_* flag of bpf_map_update_elem. */
    public long flag() {
        return flag;
    }
}
