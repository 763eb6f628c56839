package io.pangea.api.guard;

import org.osgi.annotation.versioning.ProviderType;

import java.net.InetSocketAddress;

/** Enforces guard rules on traffic to the node's own ports, and counts what it passed and dropped. */
@ProviderType
public interface Guard {

    /** Replaces the enforced rules; the rules are kept by the caller, so a newly active guard gets the same. */
    void apply(GuardRules rules);

    GuardCounters counters();

    /**
     * Judges and counts a connection or datagram from {@code remote} to the node's {@code localPort}; transports
     * ask before they decode any byte of the peer's, and close what is refused. A guard that drops in the kernel
     * has dropped already, so its default admits whatever reaches user space.
     */
    default boolean admits(InetSocketAddress remote, int localPort) {
        return true;
    }
}
