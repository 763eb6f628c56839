package io.pangea.dht.kad.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.Transport;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Transport services registered now, as DS binds and unbinds them, with the active one leased from the
 * selector: the selector alone decides which is preferred (ranking, requirements, the operator's choice); this set
 * only knows what else there is to try.
 */
final class RegisteredTransports implements KadTransports {
    private record Registered(Transport transport, int ranking, long serviceId) {
    }

    private final ProviderSelector selector;
    private final Map<Transport, Registered> registered = new ConcurrentHashMap<>();

    RegisteredTransports(ProviderSelector selector) {
        this.selector = selector;
    }

    void add(Transport transport, Map<String, Object> properties) {
        registered.put(transport, new Registered(transport, (int) number(properties.get("service.ranking")),
                number(properties.get("service.id"))));
    }

    void remove(Transport transport) {
        registered.remove(transport);
    }

    @Override
    public Lease<Transport> active() {
        return selector.lease(Transport.class);
    }

    /** Highest ranking first, then the oldest registration, as the framework orders services. */
    @Override
    public List<Transport> all() {
        return registered.values().stream()
                .sorted(Comparator.comparingInt(Registered::ranking).reversed()
                        .thenComparingLong(Registered::serviceId))
                .map(Registered::transport)
                .toList();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
