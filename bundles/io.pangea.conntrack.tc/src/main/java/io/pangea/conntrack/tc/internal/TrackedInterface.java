package io.pangea.conntrack.tc.internal;

import io.pangea.bpf.TcDirection;

import java.util.List;

/**
 * An interface the programs are attached to. A loopback interface gets the egress program only: every packet
 * on it leaves by its egress and comes back in by its ingress, and would otherwise be counted twice.
 */
record TrackedInterface(String name, int index, boolean loopback) {

    List<TcDirection> hooks() {
        return loopback ? List.of(TcDirection.EGRESS) : List.of(TcDirection.INGRESS, TcDirection.EGRESS);
    }

    @Override
    public String toString() {
        return name + (loopback ? " (egress)" : "");
    }
}
