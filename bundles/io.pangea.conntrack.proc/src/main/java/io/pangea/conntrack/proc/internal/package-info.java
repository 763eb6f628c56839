/**
 * The user-space conntrack provider: polls {@code /proc/net/tcp}, {@code tcp6}, {@code udp} and {@code udp6}.
 * <p>
 * {@link io.pangea.conntrack.proc.internal.ProcNetParser} reads one table (addresses in hex, each 32-bit word in
 * host byte order, little-endian here); {@link io.pangea.conntrack.proc.internal.ConnectionIds} derives the
 * direction-normalised 64-bit id the TC provider is to share; {@link io.pangea.conntrack.proc.internal.ProcConnectionTracker}
 * is the DS component registering the {@code proc} conntrack provider. {@code /proc} carries no packet or byte
 * counters, so both are always {@code -1}.
 */
package io.pangea.conntrack.proc.internal;
