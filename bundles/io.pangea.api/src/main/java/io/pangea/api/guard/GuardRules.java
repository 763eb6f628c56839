package io.pangea.api.guard;

import java.util.Set;

/**
 * The rules a guard enforces.
 *
 * @param ports          the node's own ports; traffic to any other port is never touched
 * @param rateLimitPerSecond packets per second one source may send to those ports; 0 for no limit
 */
public record GuardRules(GuardMode mode, Set<AddressPrefix> allow, Set<AddressPrefix> deny, Set<Integer> ports,
                         long rateLimitPerSecond) {
    public GuardRules {
        allow = Set.copyOf(allow);
        deny = Set.copyOf(deny);
        ports = Set.copyOf(ports);
    }
}
