package io.pangea.bpf;

import io.pangea.bpf.internal.Libbpf;
import io.pangea.bpf.internal.LibbpfObject;

import java.util.Objects;
import java.util.Optional;

/** Entry point: whether the binding works here, and opening objects. */
public final class Bpf {
    private Bpf() {
    }

    /** Why the binding cannot work here (its native library or libbpf did not load), or empty when it can. */
    public static Optional<String> unavailable() {
        return Libbpf.loadFailure();
    }

    /** The version of the libbpf the binding runs on, for example {@code v1.1}. */
    public static String libbpfVersion() {
        Libbpf.requireLoaded();
        return Libbpf.version();
    }

    /** The number of possible CPUs: how many values a per-CPU map holds for each key. */
    public static int possibleCpus() {
        return Libbpf.cpus();
    }

    /**
     * Opens an eBPF object (an ELF file compiled with {@code clang -target bpf}) from its bytes. Nothing is in
     * the kernel yet: set read-only variables and map sizes, then {@link BpfObject#load()}.
     *
     * @param name the object's name in messages and in the kernel's map names
     * @throws BpfException when libbpf cannot parse it
     */
    public static BpfObject open(String name, byte[] elf) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elf, "elf");
        Libbpf.requireLoaded();
        return LibbpfObject.open(name, elf);
    }

    /** The XDP program attached to interface {@code ifindex} of this network namespace, by anyone, if any. */
    public static Optional<XdpAttachment> xdpAttachment(int ifindex) {
        Libbpf.requireLoaded();
        return Libbpf.xdpAttachment(ifindex);
    }
}
