package io.pangea.tracer.internal;

import java.util.Arrays;

/**
 * The tracer's counters summed over the CPUs, as they were when read.
 *
 * @param transitions transitions into each state, indexed by the kernel's state number
 */
record TcpCounters(long retransmits, long openedActive, long openedPassive, long resetsSent, long resetsReceived,
        long aborted, long[] transitions) {

    TcpCounters {
        transitions = transitions.clone();
    }

    long transitionsInto(TcpState state) {
        return state.number < transitions.length ? transitions[state.number] : 0;
    }

    @Override
    public long[] transitions() {
        return transitions.clone();
    }

    @Override
    public String toString() {
        return "retransmits " + retransmits + ", opened " + openedActive + " active " + openedPassive
                + " passive, resets " + resetsSent + " sent " + resetsReceived + " received, aborted " + aborted
                + ", transitions " + Arrays.toString(transitions);
    }
}
