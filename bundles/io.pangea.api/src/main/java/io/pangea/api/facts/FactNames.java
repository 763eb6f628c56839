package io.pangea.api.facts;

/** The names of the facts the capability probe reads. */
public final class FactNames {
    public static final String CPU_AVX2 = "cpu.avx2";
    public static final String CPU_AVX512 = "cpu.avx512f";
    public static final String CPU_AES = "cpu.aes";
    public static final String CPU_SHA = "cpu.sha";
    public static final String CPU_NEON = "cpu.neon";
    public static final String CPU_CORES = "cpu.cores";
    public static final String MEMORY_TOTAL = "memory.total";
    public static final String MEMORY_AVAILABLE = "memory.available";
    public static final String HEAP_MAX = "jvm.heap.max";
    public static final String KERNEL_VERSION = "kernel.version";
    public static final String IO_URING = "io_uring.usable";
    public static final String CAP_BPF = "cap.bpf";
    public static final String CAP_NET_ADMIN = "cap.net_admin";
    /** CAP_BPF and CAP_NET_ADMIN both effective: the node may load and attach eBPF programs. */
    public static final String BPF_RIGHTS = "bpf.rights";
    public static final String ROOT = "user.root";
    public static final String UDP = "udp.usable";
    public static final String JDK_VERSION = "jdk.version";
    public static final String OS_ARCH = "os.arch";

    private FactNames() {
    }
}
