package io.pangea.metrics.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

    @Test
    void rendersHelpTypeAndSamplesWithSortedLabels() {
        MetricFamily dropped = new MetricFamily("pangea_guard_packets_dropped_total", "Packets dropped, by reason",
                MetricType.COUNTER, List.of(
                new Sample(Map.of("reason", "denied", "provider", "xdp"), 12),
                new Sample(Map.of("reason", "rate", "provider", "xdp"), 0)));
        MetricFamily threads = MetricFamily.of("pangea_jvm_threads", "Live threads", MetricType.GAUGE, 41);

        assertThat(PrometheusText.render(List.of(dropped, threads))).isEqualTo("""
                # HELP pangea_guard_packets_dropped_total Packets dropped, by reason
                # TYPE pangea_guard_packets_dropped_total counter
                pangea_guard_packets_dropped_total{provider="xdp",reason="denied"} 12
                pangea_guard_packets_dropped_total{provider="xdp",reason="rate"} 0
                # HELP pangea_jvm_threads Live threads
                # TYPE pangea_jvm_threads gauge
                pangea_jvm_threads 41
                """);
    }

    @Test
    void escapesBackslashQuoteAndNewlineInLabelValues() {
        MetricFamily family = new MetricFamily("x", "h", MetricType.GAUGE,
                List.of(new Sample(Map.of("path", "C:\\data\\\"new\"\nline"), 1)));

        assertThat(PrometheusText.render(List.of(family)))
                .contains("x{path=\"C:\\\\data\\\\\\\"new\\\"\\nline\"} 1\n");
    }

    @Test
    void escapesBackslashAndNewlineInHelpButLeavesQuotes() {
        MetricFamily family = MetricFamily.of("x", "bytes under C:\\data, \"hot\" ones", MetricType.GAUGE, 1);

        assertThat(PrometheusText.render(List.of(family)))
                .startsWith("# HELP x bytes under C:\\\\data, \"hot\" ones\n");
        // MetricFamily folds a newline in its help; the renderer still escapes one, should it ever get there
        assertThat(PrometheusText.escapeHelp("a\nb\\")).isEqualTo("a\\nb\\\\");
    }

    @Test
    void leavesOutAnEmptyHelpLine() {
        assertThat(PrometheusText.render(List.of(MetricFamily.of("x", "", MetricType.COUNTER, 3))))
                .isEqualTo("# TYPE x counter\nx 3\n");
    }

    @Test
    void spellsValuesAsPrometheusReadsThem() {
        assertThat(PrometheusText.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusText.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(PrometheusText.value(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.value(42.0)).isEqualTo("42");
        assertThat(PrometheusText.value(-3)).isEqualTo("-3");
        assertThat(PrometheusText.value(-0.0)).isEqualTo("0");
        assertThat(PrometheusText.value(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.value(1.5e-7)).isEqualTo("1.5E-7");
        assertThat(PrometheusText.value(9_007_199_254_740_991d)).isEqualTo("9007199254740991");
        // beyond 2^53 a double is no longer an exact integer, so it keeps its floating-point spelling
        assertThat(PrometheusText.value(1e17)).isEqualTo("1.0E17");
        assertThat(Double.parseDouble(PrometheusText.value(1e17))).isEqualTo(1e17);
    }

    @Test
    void rendersAFamilyWithoutSamplesAsItsHeaderOnly() {
        MetricFamily empty = new MetricFamily("x", "h", MetricType.GAUGE, List.of());

        assertThat(PrometheusText.render(List.of(empty))).isEqualTo("# HELP x h\n# TYPE x gauge\n");
    }
}
