/**
 * The node's metrics. {@link io.pangea.metrics.internal.NodeMetricsComponent} is the whiteboard consumer of every
 * {@link io.pangea.api.metrics.MetricSource} (this bundle's own and other bundles', such as the kernel tracer) and
 * publishes {@link io.pangea.api.metrics.NodeMetrics}; {@link io.pangea.metrics.internal.PrometheusText} renders
 * a scrape in the text format 0.0.4; {@link io.pangea.metrics.internal.MetricsServlet} serves it over Karaf's HTTP
 * service through the HTTP Whiteboard. The built-in sources read their services at every scrape, through the
 * selector for the active provider of a capability, so a hot swap shows at the next scrape and a missing service
 * only leaves its families out.
 */
package io.pangea.metrics.internal;
