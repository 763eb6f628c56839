package io.pangea.bpf;

/** Which TC hook of an interface a program is attached to. */
public enum TcDirection {
    /** Packets the interface received, before the network stack sees them. */
    INGRESS,
    /** Packets the interface is about to send. */
    EGRESS
}
