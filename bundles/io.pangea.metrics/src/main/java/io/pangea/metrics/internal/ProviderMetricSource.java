package io.pangea.metrics.internal;

import io.pangea.api.Capability;
import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricSource;
import io.pangea.api.metrics.MetricType;
import io.pangea.api.selection.ProviderSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The active provider of every capability, as an info-style gauge (always 1, the facts are in the labels) so that
 * a query can join it with the other series or alert when a node falls back to a slower provider.
 */
@Component(name = "io.pangea.metrics.providers", service = MetricSource.class)
public class ProviderMetricSource implements MetricSource {
    static final String ACTIVE = "pangea_provider_active";

    private final ProviderSelector selector;

    @Activate
    public ProviderMetricSource(@Reference(name = "selector") ProviderSelector selector) {
        this.selector = selector;
    }

    @Override
    public List<MetricFamily> collect() {
        List<Sample> samples = new ArrayList<>();
        for (Capability capability : Capability.values()) {
            selector.active(capability).ifPresent(status -> samples.add(
                    new Sample(Map.of("capability", capability.id(), "provider", status.provider()), 1)));
        }
        return List.of(new MetricFamily(ACTIVE, "The active provider of each capability (always 1)",
                MetricType.GAUGE, samples));
    }
}
