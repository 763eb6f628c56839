package io.pangea.bpf.internal;

import io.pangea.bpf.BpfLink;
import io.pangea.bpf.BpfProgram;
import io.pangea.bpf.TcDirection;
import io.pangea.bpf.TestRun;
import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;

import java.util.Locale;
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
    public TestRun testRun(byte[] packet, int repeat) {
        return run(packet, 0, repeat);
    }

    @Override
    public TestRun testRunLive(byte[] frame, int ifindex, int repeat) {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("not an interface index: " + ifindex);
        }
        return run(frame, ifindex, repeat);
    }

    private TestRun run(byte[] packet, int liveIfindex, int repeat) {
        Objects.requireNonNull(packet, "packet");
        if (repeat <= 0) {
            throw new IllegalArgumentException("repeat must be positive: " + repeat);
        }
        return object.shared(() -> {
            object.requireLoaded("run program '" + name + "'");
            long[] result = Libbpf.testRun(Libbpf.programFd(pointer), packet, repeat, liveIfindex, name);
            return new TestRun(result[0], result[1]);
        });
    }

    @Override
    public BpfLink attachTc(int ifindex, TcDirection direction) {
        Objects.requireNonNull(direction, "direction");
        if (ifindex <= 0) {
            throw new IllegalArgumentException("not an interface index: " + ifindex);
        }
        return object.shared(() -> {
            object.requireLoaded("attach program '" + name + "'");
            int fd = Libbpf.attachTc(Libbpf.programFd(pointer), ifindex, direction == TcDirection.EGRESS, name);
            LibbpfLink link = new LibbpfLink(object, name, "TC program " + name + " at the "
                    + direction.name().toLowerCase(Locale.ROOT) + " of interface " + ifindex, fd);
            object.attached(link);
            return link;
        });
    }

    @Override
    public BpfLink attach() {
        return object.shared(() -> {
            object.requireLoaded("attach program '" + name + "'");
            int fd = Libbpf.attachTracing(pointer, name);
            LibbpfLink link = new LibbpfLink(object, name, "tracing program " + name + " (" + Libbpf.programSection(pointer) + ")", fd);
            object.attached(link);
            return link;
        });
    }

    @Override
    public String toString() {
        return "bpf program " + name + " of " + object.name();
    }
}
