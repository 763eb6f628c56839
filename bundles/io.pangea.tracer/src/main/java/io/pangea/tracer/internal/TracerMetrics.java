package io.pangea.tracer.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The tracer's figures as metric families: the names and labels an operator queries. */
final class TracerMetrics {
    static final String UP = "pangea_tracer_up";
    static final String RETRANSMITS = "pangea_tcp_retransmits_total";
    static final String TRANSITIONS = "pangea_tcp_state_transitions_total";
    static final String OPENED = "pangea_tcp_connections_opened_total";
    static final String ABORTED = "pangea_tcp_connections_aborted_total";
    static final String RESETS = "pangea_tcp_resets_total";
    static final String REMOTE_RETRANSMITS = "pangea_tcp_remote_retransmits";
    /** However configured, the remote gauge never has more series than this: each remote is a label value. */
    static final int MAX_TOP_REMOTES = 100;

    private TracerMetrics() {
    }

    /** The figures of a running tracer. */
    static List<MetricFamily> running(TcpCounters counters, List<RemoteRetransmits> remotes, int topRemotes) {
        List<MetricFamily> families = new ArrayList<>();
        families.add(MetricFamily.of(UP, "1 when the eBPF tracer is attached and counting, 0 (with the reason) when not",
                MetricType.GAUGE, 1));
        families.add(MetricFamily.of(RETRANSMITS, "TCP packets retransmitted (the kernel's tcp_retransmit_skb "
                + "tracepoint; on kernels whose tracepoint reports errors, attempts that failed locally too)",
                MetricType.COUNTER, counters.retransmits()));
        List<Sample> transitions = new ArrayList<>();
        for (TcpState state : TcpState.values()) {
            transitions.add(new Sample(Map.of("state", state.label()), counters.transitionsInto(state)));
        }
        families.add(new MetricFamily(TRANSITIONS, "TCP sockets entering each state", MetricType.COUNTER,
                transitions));
        families.add(new MetricFamily(OPENED, "TCP connections established: active (connected from here, SYN_SENT "
                + "to ESTABLISHED) and passive (accepted here, SYN_RECV to ESTABLISHED)", MetricType.COUNTER,
                List.of(new Sample(Map.of("side", "active"), counters.openedActive()),
                        new Sample(Map.of("side", "passive"), counters.openedPassive()))));
        families.add(MetricFamily.of(ABORTED, "Established TCP connections closed without the FIN exchange "
                + "(ESTABLISHED straight to CLOSE: a reset sent or received, or a timeout)", MetricType.COUNTER,
                counters.aborted()));
        families.add(new MetricFamily(RESETS, "TCP resets sent and received (tcp_send_reset, tcp_receive_reset)",
                MetricType.COUNTER, List.of(new Sample(Map.of("direction", "sent"), counters.resetsSent()),
                        new Sample(Map.of("direction", "received"), counters.resetsReceived()))));
        List<Sample> top = top(remotes, topRemotes).stream()
                .map(remote -> new Sample(Map.of("remote", remote.label()), remote.count()))
                .toList();
        families.add(new MetricFamily(REMOTE_RETRANSMITS, "TCP retransmissions towards the most retransmitting "
                + "remote ends (address:port) the kernel still remembers; a gauge because quiet ends are forgotten",
                MetricType.GAUGE, top));
        return families;
    }

    /** The figures of a tracer that does not run: only that, and why (a short reason; the log has the details). */
    static List<MetricFamily> unavailable(String reason) {
        return List.of(new MetricFamily(UP, "1 when the eBPF tracer is attached and counting, 0 (with the reason) "
                + "when not", MetricType.GAUGE, List.of(new Sample(Map.of("reason", reason), 0))));
    }

    /** The {@code limit} remote ends with the most retransmissions, the most first (ties by name, for stable output). */
    static List<RemoteRetransmits> top(List<RemoteRetransmits> remotes, int limit) {
        return remotes.stream()
                .sorted(Comparator.comparingLong(RemoteRetransmits::count).reversed()
                        .thenComparing(RemoteRetransmits::label))
                .limit(Math.max(0, Math.min(limit, MAX_TOP_REMOTES)))
                .toList();
    }
}
