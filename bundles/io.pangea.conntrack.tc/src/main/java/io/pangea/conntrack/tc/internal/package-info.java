/**
 * The TC conntrack provider: {@code bpf/conntrack.bpf.c}, packaged at {@code bpf/conntrack.bpf.o}, loaded with the
 * libbpf binding ({@link io.pangea.bpf}) and attached through TCX links at the ingress and egress of the node's
 * interfaces (egress only on loopback, where each packet passes both).
 * <p>
 * {@link io.pangea.conntrack.tc.internal.ConntrackProgram} is the program and its maps: the LRU flow table keyed by
 * the direction-normalised 5-tuple ({@link io.pangea.conntrack.tc.internal.ConntrackLayout} reads its structs),
 * the new-connection ring buffer and per-CPU counters. {@link io.pangea.api.conntrack.ConnectionIds} is
 * the 64-bit id rule (codec conntrack-v1) the kernel computes too.
 * {@link io.pangea.conntrack.tc.internal.TcConnectionTracker} is the attached program as a
 * {@link io.pangea.api.conntrack.ConnectionTracker}: it polls the ring buffer for watchers, decides which end is
 * the node's, turns kernel time into instants ({@link io.pangea.conntrack.tc.internal.KernelClock}) and deletes
 * idle entries. {@link io.pangea.conntrack.tc.internal.TcConntrackProvider} registers it, or, when it cannot run
 * here, an unavailable tracker that says why.
 */
package io.pangea.conntrack.tc.internal;
