package io.pangea.bpf.internal;

import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;

import java.util.Locale;

/** A BPF_XDP link. */
final class LibbpfXdpLink extends LibbpfLink implements XdpLink {
    private final int ifindex;
    private final XdpMode mode;

    LibbpfXdpLink(LibbpfObject object, String program, int ifindex, XdpMode mode, int fd) {
        super(object, program, "XDP program " + program + " on interface " + ifindex + " ("
                + mode.name().toLowerCase(Locale.ROOT) + ")", fd);
        this.ifindex = ifindex;
        this.mode = mode;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public XdpMode mode() {
        return mode;
    }
}
