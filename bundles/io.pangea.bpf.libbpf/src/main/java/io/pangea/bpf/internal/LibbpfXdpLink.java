package io.pangea.bpf.internal;

import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;

/** A BPF_XDP link: the program stays attached while its descriptor is open. */
final class LibbpfXdpLink implements XdpLink {
    private final LibbpfObject object;
    private final String program;
    private final int ifindex;
    private final XdpMode mode;
    private int fd;

    LibbpfXdpLink(LibbpfObject object, String program, int ifindex, XdpMode mode, int fd) {
        this.object = object;
        this.program = program;
        this.ifindex = ifindex;
        this.mode = mode;
        this.fd = fd;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public XdpMode mode() {
        return mode;
    }

    @Override
    public String program() {
        return program;
    }

    @Override
    public synchronized boolean closed() {
        return fd < 0;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (fd < 0) {
                return;
            }
            Libbpf.closeFd(fd);
            fd = -1;
        }
        object.detached(this);
    }

    @Override
    public String toString() {
        return "XDP program " + program + " on interface " + ifindex + " (" + mode.name().toLowerCase() + ")";
    }
}
