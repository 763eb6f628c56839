package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/** A fake /proc and /sys under a temporary directory, with samples taken from real machines. */
final class FakeMachine {

    static final String X86_CPUINFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx \
            fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc \
            cpuid pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand \
            hypervisor lahf_lm abm 3dnowprefetch fsgsbase bmi1 avx2 smep bmi2 erms invpcid sha_ni xsaveopt
            vmx flags\t: vnmi preemption_timer invvpid ept_x_only ept_ad avx512f
            bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass
            bogomips\t: 5799.99

            processor\t: 1
            vendor_id\t: GenuineIntel
            flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep aes avx2 sha_ni
            bogomips\t: 5799.99

            """;

    static final String ARM_CPUINFO = """
            processor\t: 0
            BogoMIPS\t: 243.75
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop
            CPU implementer\t: 0x41
            CPU architecture: 8

            processor\t: 1
            BogoMIPS\t: 243.75
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop

            processor\t: 2
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32

            processor\t: 3
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32

            """;

    static final String MEMINFO = """
            MemTotal:       24684084 kB
            MemFree:        20123456 kB
            MemAvailable:   23456789 kB
            Buffers:          123456 kB
            HugePages_Total:       0
            Hugepagesize:       2048 kB
            """;

    static final String STATUS_ROOT_WITH_BPF = """
            Name:\tjava
            Umask:\t0022
            State:\tR (running)
            Pid:\t4242
            Uid:\t0\t0\t0\t0
            Gid:\t0\t0\t0\t0
            CapInh:\t0000000000000000
            CapPrm:\t000001ffffffffff
            CapEff:\t000001ffffffffff
            CapBnd:\t000001ffffffffff
            NoNewPrivs:\t0
            """;

    final Path proc;
    final Path sys;

    FakeMachine(Path root) {
        this.proc = root.resolve("proc");
        this.sys = root.resolve("sys");
    }

    /** A Linux x86 machine where the node runs as root with every capability, cgroup v2 without a limit. */
    static FakeMachine typical(Path root) {
        return new FakeMachine(root)
                .write("proc/cpuinfo", X86_CPUINFO)
                .write("proc/meminfo", MEMINFO)
                .write("proc/self/status", STATUS_ROOT_WITH_BPF)
                .write("proc/self/cgroup", "0::/\n")
                .write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n")
                .write("proc/sys/kernel/io_uring_disabled", "0\n")
                .write("sys/fs/cgroup/memory.max", "max\n")
                .write("sys/fs/cgroup/memory.current", "123456789\n");
    }

    /** Writes a file relative to the fake root, for example {@code proc/cpuinfo}. */
    FakeMachine write(String path, String content) {
        Path file = proc.getParent().resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static JvmInfo jvm() {
        return new JvmInfo(2, 1L << 30, "amd64", "6.1.0-18-amd64", "17.0.15", "Test Vendor", "Test VM");
    }

    MachineProbe probe() {
        return probe(() -> Fact.of(FactNames.UDP, true, "fake loopback"));
    }

    MachineProbe probe(Supplier<Fact> udp) {
        return new MachineProbe(proc, sys, jvm(), udp);
    }
}
