package io.pangea.api.metrics;

/** What a metric's value means, as Prometheus' {@code # TYPE} line says it. */
public enum MetricType {
    /** Only ever grows (until its source restarts). */
    COUNTER,
    /** Goes up and down. */
    GAUGE;

    /** The word in the Prometheus text format. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
