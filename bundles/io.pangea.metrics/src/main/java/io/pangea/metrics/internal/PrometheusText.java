package io.pangea.metrics.internal;

import io.pangea.api.metrics.MetricFamily;

import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format, version 0.0.4
 * (<a href="https://prometheus.io/docs/instrumenting/exposition_formats/">exposition formats</a>).
 */
final class PrometheusText {

    /** What a scraper is told it receives; Prometheus picks its parser by the version parameter. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Below 2^53 every integer is exact in a double, so printing it without a fraction loses nothing. */
    private static final double EXACT_INTEGER_LIMIT = 9_007_199_254_740_992d;

    private PrometheusText() {
    }

    /** The families in the order given; the caller sorts and merges them first. */
    static String render(List<MetricFamily> families) {
        StringBuilder text = new StringBuilder();
        for (MetricFamily family : families) {
            if (!family.help().isEmpty()) {
                text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            }
            text.append("# TYPE ").append(family.name()).append(' ').append(family.type().word()).append('\n');
            for (MetricFamily.Sample sample : family.samples()) {
                text.append(family.name());
                appendLabels(text, sample.labels());
                text.append(' ').append(value(sample.value())).append('\n');
            }
        }
        return text.toString();
    }

    private static void appendLabels(StringBuilder text, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return;
        }
        text.append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(label.getKey()).append("=\"").append(escapeLabelValue(label.getValue())).append('"');
        }
        text.append('}');
    }

    /** The format's spelling of a value: Go's ParseFloat reads it back unchanged. */
    static String value(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < EXACT_INTEGER_LIMIT) {
            return Long.toString((long) value); // also turns -0.0 into 0
        }
        return Double.toString(value);
    }

    /** HELP text escapes only backslash and newline (a quote stays as it is). */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** Label values escape backslash, double quote and newline. */
    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
