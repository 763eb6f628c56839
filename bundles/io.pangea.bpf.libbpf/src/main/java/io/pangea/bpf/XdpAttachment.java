package io.pangea.bpf;

/** The XDP program attached to an interface, as the kernel reports it (whoever attached it). */
public record XdpAttachment(int programId, XdpMode mode) {
}
