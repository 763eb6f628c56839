/**
 * The XDP guard: {@code bpf/guard.bpf.c}, packaged at {@code bpf/guard.bpf.o}, loaded with the libbpf binding
 * ({@link io.pangea.bpf}) and attached through links to the node's interfaces.
 * <p>
 * {@link io.pangea.guard.xdp.internal.GuardProgram} is the program and its maps: the node's ports (only packets
 * to them are ever judged, so the guard cannot cut an operator off the machine), allow and deny tries per
 * address family (longest prefix wins; deny wins a tie), the mode and the per-source rate in a configuration
 * entry, and per-CPU counters summed on reading. {@link io.pangea.guard.xdp.internal.XdpGuard} is the program
 * attached to the configured interfaces, all or none. {@link io.pangea.guard.xdp.internal.XdpGuardProvider}
 * registers it, or, when it cannot run here, an unavailable guard that says why.
 */
package io.pangea.guard.xdp.internal;
