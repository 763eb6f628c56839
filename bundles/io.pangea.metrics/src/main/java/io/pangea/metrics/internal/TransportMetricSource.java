package io.pangea.metrics.internal;

import io.pangea.api.ProviderProperties;
import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricSource;
import io.pangea.api.metrics.MetricType;
import io.pangea.api.transport.ConnectionQuality;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Open connections and ping quality of every installed transport, not only the active one: a node keeps the
 * connections of a transport it swapped away from until they close, and they still carry traffic.
 */
@Component(name = "io.pangea.metrics.transport", service = MetricSource.class)
public class TransportMetricSource implements MetricSource {
    static final String CONNECTIONS = "pangea_transport_connections";
    static final String LATENCY = "pangea_transport_ping_latency_seconds";
    static final String LOSS = "pangea_transport_ping_loss_ratio";

    /** By service id, so the samples come out in a stable order. */
    private final ConcurrentSkipListMap<Long, Named> transports = new ConcurrentSkipListMap<>();

    @Reference(name = "transports", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTransport(Transport transport, Map<String, Object> properties) {
        Object provider = properties.get(ProviderProperties.PROVIDER);
        long id = ((Number) properties.get("service.id")).longValue();
        transports.put(id, new Named(provider != null ? provider.toString() : "service-" + id, transport));
    }

    void removeTransport(Transport transport, Map<String, Object> properties) {
        transports.remove(((Number) properties.get("service.id")).longValue());
    }

    @Override
    public List<MetricFamily> collect() {
        if (transports.isEmpty()) {
            return List.of();
        }
        List<Sample> open = new ArrayList<>();
        List<Sample> latency = new ArrayList<>();
        List<Sample> loss = new ArrayList<>();
        for (Named named : transports.values()) {
            Map<String, String> labels = Map.of("provider", named.provider);
            List<PeerConnection> connections = named.transport.connections();
            open.add(new Sample(labels, connections.size()));
            double latencySum = 0;
            int answering = 0;
            double lossSum = 0;
            int measured = 0;
            for (PeerConnection connection : connections) {
                Optional<ConnectionQuality> quality = connection.quality();
                if (quality.isEmpty() || quality.get().samples() == 0) {
                    continue;
                }
                measured++;
                lossSum += quality.get().loss();
                if (quality.get().loss() < 1) { // a connection that never answered has no latency, not zero
                    answering++;
                    latencySum += quality.get().latency().toNanos() / 1e9;
                }
            }
            if (measured > 0) {
                loss.add(new Sample(labels, lossSum / measured));
            }
            if (answering > 0) {
                latency.add(new Sample(labels, latencySum / answering));
            }
        }
        List<MetricFamily> families = new ArrayList<>();
        families.add(new MetricFamily(CONNECTIONS, "Open peer connections, by transport provider", MetricType.GAUGE,
                open));
        if (!latency.isEmpty()) {
            families.add(new MetricFamily(LATENCY, "Mean ping round trip of the connections that answer pings",
                    MetricType.GAUGE, latency));
        }
        if (!loss.isEmpty()) {
            families.add(new MetricFamily(LOSS, "Mean share of pings lost over the measured connections",
                    MetricType.GAUGE, loss));
        }
        return families;
    }

    private record Named(String provider, Transport transport) {
    }
}
