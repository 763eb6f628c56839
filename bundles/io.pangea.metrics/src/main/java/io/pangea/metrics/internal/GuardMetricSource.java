package io.pangea.metrics.internal;

import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
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

import java.util.List;
import java.util.Map;

/** The active guard's packet counters, labelled with the provider so a swap shows as a new series, not a reset. */
@Component(name = "io.pangea.metrics.guard", service = MetricSource.class)
public class GuardMetricSource implements MetricSource {
    static final String PASSED = "pangea_guard_packets_passed_total";
    static final String DROPPED = "pangea_guard_packets_dropped_total";

    private final ProviderSelector selector;

    @Activate
    public GuardMetricSource(@Reference(name = "selector") ProviderSelector selector) {
        this.selector = selector;
    }

    @Override
    public List<MetricFamily> collect() {
        String provider;
        GuardCounters counters;
        try (Lease<Guard> lease = selector.lease(Guard.class)) {
            provider = lease.name();
            counters = lease.provider().counters();
        } catch (NoProviderException e) {
            return List.of();
        }
        return List.of(
                new MetricFamily(PASSED, "Packets to the node's ports the guard passed", MetricType.COUNTER,
                        List.of(new Sample(Map.of("provider", provider), counters.passed()))),
                new MetricFamily(DROPPED, "Packets to the node's ports the guard dropped, by reason",
                        MetricType.COUNTER, List.of(
                        dropped(provider, "denied", counters.droppedDenied()),
                        dropped(provider, "unknown", counters.droppedUnknown()),
                        dropped(provider, "rate", counters.droppedRate()))));
    }

    private static Sample dropped(String provider, String reason, long packets) {
        return new Sample(Map.of("provider", provider, "reason", reason), packets);
    }
}
