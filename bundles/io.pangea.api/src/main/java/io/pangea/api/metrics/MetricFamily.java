package io.pangea.api.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric with all its labelled samples.
 *
 * @param name    a Prometheus metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*})
 * @param help    one line saying what it counts
 * @param samples the values, each with its own label set (label names {@code [a-zA-Z_][a-zA-Z0-9_]*})
 */
public record MetricFamily(String name, String help, MetricType type, List<Sample> samples) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public MetricFamily {
        Objects.requireNonNull(type, "type");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        help = help == null ? "" : help.replace('\n', ' ');
        samples = List.copyOf(samples);
    }

    /** A metric with a single unlabelled value. */
    public static MetricFamily of(String name, String help, MetricType type, double value) {
        return new MetricFamily(name, help, type, List.of(new Sample(Map.of(), value)));
    }

    /** One value and its labels (an ordered copy is kept, so the text output is stable). */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!LABEL.matcher(label.getKey()).matches() || label.getKey().startsWith("__")) {
                    throw new IllegalArgumentException("not a label name: " + label.getKey());
                }
                Objects.requireNonNull(label.getValue(), "label value");
            }
            labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        }
    }
}
