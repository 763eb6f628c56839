package io.pangea.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

import java.util.List;

/**
 * Whiteboard service: a bundle that has figures to report registers one and is asked for them at every scrape.
 * Names follow Prometheus conventions ({@code pangea_<area>_<what>[_total]}).
 */
@ConsumerType
public interface MetricSource {

    /** The figures as they are now; called at every scrape, from any thread, so it must be cheap and safe. */
    List<MetricFamily> collect();
}
