/**
 * Metrics: sources register {@link io.pangea.api.metrics.MetricSource} services (whiteboard); the metrics bundle
 * scrapes them all through {@link io.pangea.api.metrics.NodeMetrics} and serves them in the Prometheus text format.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.metrics;
