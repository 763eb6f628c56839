package io.pangea.dht.kad.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.transport.Transport;

import java.util.List;
import java.util.function.Supplier;

/**
 * The transports of a node as the DHT uses them. The active one is leased from the selector for every request, so a
 * request finishes on the transport it started with even when the preference changes meanwhile; every registered
 * transport is tried for the addresses the active one cannot reach, so a peer that listens only on another transport
 * (or whose address on the active one went away) is still reached.
 */
public interface KadTransports {

    /**
     * Leases the active (preferred) transport.
     *
     * @throws RuntimeException (the selector's {@code NoProviderException}) when no transport is eligible
     */
    Lease<Transport> active();

    /** Every registered transport, best ranked first; the active one is usually among them. */
    List<Transport> all();

    /** A node with exactly one transport: the one {@code leases} hands out. */
    static KadTransports single(Supplier<Lease<Transport>> leases) {
        return new KadTransports() {
            @Override
            public Lease<Transport> active() {
                return leases.get();
            }

            @Override
            public List<Transport> all() {
                try (Lease<Transport> lease = leases.get()) {
                    return List.of(lease.provider());
                } catch (RuntimeException e) {
                    return List.of();
                }
            }
        };
    }
}
