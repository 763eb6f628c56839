package io.pangea.tracer.internal;

import java.util.Locale;

/** The kernel's TCP states by their number (enum tcp_state, include/net/tcp_states.h: a stable ABI). */
enum TcpState {
    ESTABLISHED(1), SYN_SENT(2), SYN_RECV(3), FIN_WAIT1(4), FIN_WAIT2(5), TIME_WAIT(6), CLOSE(7), CLOSE_WAIT(8),
    LAST_ACK(9), LISTEN(10), CLOSING(11), NEW_SYN_RECV(12), BOUND_INACTIVE(13);

    /** The size of the program's tracer_states map: state numbers are below it. */
    static final int SLOTS = 16;

    final int number;

    TcpState(int number) {
        this.number = number;
    }

    /** The label value, as ss(8) and the kernel's tracepoints spell it, in lower case. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
