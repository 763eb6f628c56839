/**
 * The user-space guard: the XDP guard's decision ({@code bpf/guard.bpf.c}), made in the JVM for each connection a
 * transport accepts, so that a node without BPF rights is guarded all the same.
 * <p>
 * {@link io.pangea.guard.userspace.internal.GuardPolicy} decides and counts. Its rules are one immutable
 * {@link io.pangea.guard.userspace.internal.CompiledRules} snapshot behind a volatile field, replaced whole on
 * apply: the node's ports as a bit set, per family an allow and a deny
 * {@link io.pangea.guard.userspace.internal.PrefixTable} (longest prefix match: sorted keys per prefix length,
 * longest length first; deny wins a tie) and a {@link io.pangea.guard.userspace.internal.RateLimiter} (GCRA per
 * source, one second of burst, lock-free, bounded). {@link io.pangea.guard.userspace.internal.UserspaceGuard} is
 * the DS component registering it as the {@code userspace} guard provider.
 */
package io.pangea.guard.userspace.internal;
