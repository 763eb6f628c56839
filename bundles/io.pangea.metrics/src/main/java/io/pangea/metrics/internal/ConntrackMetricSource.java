package io.pangea.metrics.internal;

import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricSource;
import io.pangea.api.metrics.MetricType;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How many connections the active connection tracker holds now, by protocol. */
@Component(name = "io.pangea.metrics.conntrack", service = MetricSource.class)
public class ConntrackMetricSource implements MetricSource {
    static final String CONNECTIONS = "pangea_conntrack_connections";

    /** Always reported, at zero when idle, so a dashboard sees "none" rather than a gap. */
    private static final List<String> USUAL_PROTOCOLS = List.of("tcp", "udp");

    private final ProviderSelector selector;

    @Activate
    public ConntrackMetricSource(@Reference(name = "selector") ProviderSelector selector) {
        this.selector = selector;
    }

    @Override
    public List<MetricFamily> collect() {
        String provider;
        List<TrackedConnection> connections;
        try (Lease<ConnectionTracker> lease = selector.lease(ConnectionTracker.class)) {
            provider = lease.name();
            connections = lease.provider().connections();
        } catch (NoProviderException e) {
            return List.of();
        }
        Map<String, Long> byProtocol = new TreeMap<>();
        USUAL_PROTOCOLS.forEach(protocol -> byProtocol.put(protocol, 0L));
        for (TrackedConnection connection : connections) {
            byProtocol.merge(connection.protocol() == null ? "unknown" : connection.protocol(), 1L, Long::sum);
        }
        List<Sample> samples = new ArrayList<>();
        byProtocol.forEach((protocol, count) ->
                samples.add(new Sample(Map.of("provider", provider, "protocol", protocol), count)));
        return List.of(new MetricFamily(CONNECTIONS, "Connections the active connection tracker holds, by protocol",
                MetricType.GAUGE, samples));
    }
}
