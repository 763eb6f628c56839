package io.pangea.bpf.internal;

import io.pangea.bpf.BpfLink;

/** A kernel link: the program stays attached while its descriptor is open. */
class LibbpfLink implements BpfLink {
    private final LibbpfObject object;
    private final String program;
    private final String description;
    private int fd;

    LibbpfLink(LibbpfObject object, String program, String description, int fd) {
        this.object = object;
        this.program = program;
        this.description = description;
        this.fd = fd;
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
        return description;
    }
}
