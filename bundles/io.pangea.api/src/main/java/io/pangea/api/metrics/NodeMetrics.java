package io.pangea.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;

/** The node's metrics: every {@link MetricSource} scraped together (what the Prometheus endpoint serves). */
@ProviderType
public interface NodeMetrics {

    /** Every source's families, sorted by name; a source that fails is left out and logged, never fatal. */
    List<MetricFamily> scrape();

    /** {@link #scrape()} in the Prometheus text exposition format 0.0.4. */
    String prometheusText();
}
