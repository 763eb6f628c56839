package io.pangea.bpf.internal;

import io.pangea.bpf.BpfProgram;
import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;

import java.util.Objects;

/** A program of a {@link LibbpfObject}; its address is valid while the object is open. */
final class LibbpfProgram implements BpfProgram {
    private final LibbpfObject object;
    private final String name;
    private final long pointer;

    LibbpfProgram(LibbpfObject object, String name, long pointer) {
        this.object = object;
        this.name = name;
        this.pointer = pointer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String section() {
        return object.shared(() -> Libbpf.programSection(pointer));
    }

    @Override
    public XdpLink attachXdp(int ifindex, XdpMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (ifindex <= 0) {
            throw new IllegalArgumentException("not an interface index: " + ifindex);
        }
        return object.shared(() -> {
            object.requireLoaded("attach program '" + name + "'");
            int fd = Libbpf.attachXdp(Libbpf.programFd(pointer), ifindex, Libbpf.flags(mode), name);
            LibbpfXdpLink link = new LibbpfXdpLink(object, name, ifindex, mode, fd);
            object.attached(link);
            return link;
        });
    }

    @Override
    public int testRun(byte[] packet) {
        Objects.requireNonNull(packet, "packet");
        return object.shared(() -> {
            object.requireLoaded("run program '" + name + "'");
            return Libbpf.testRun(Libbpf.programFd(pointer), packet, name);
        });
    }

    @Override
    public String toString() {
        return "bpf program " + name + " of " + object.name();
    }
}
