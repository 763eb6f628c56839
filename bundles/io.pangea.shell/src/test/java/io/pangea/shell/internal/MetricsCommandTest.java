package io.pangea.shell.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricType;
import io.pangea.api.metrics.NodeMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsCommandTest {
    private static final String TEXT = """
            # HELP pangea_guard_packets_dropped_total Dropped
            # TYPE pangea_guard_packets_dropped_total counter
            pangea_guard_packets_dropped_total{provider="xdp",reason="denied"} 7
            # HELP pangea_jvm_threads Live threads
            # TYPE pangea_jvm_threads gauge
            pangea_jvm_threads 41
            # HELP pangea_provider_active Active
            # TYPE pangea_provider_active gauge
            pangea_provider_active{capability="compression",provider="zstd"} 1
            """;

    private final Output output = new Output();
    private final MetricsCommand command = new MetricsCommand();

    /** A scrape fixed in advance, as the metrics bundle would return it (sorted by name). */
    static final class FixedMetrics implements NodeMetrics {
        @Override
        public List<MetricFamily> scrape() {
            return List.of(
                    new MetricFamily("pangea_guard_packets_dropped_total", "Dropped", MetricType.COUNTER,
                            List.of(new Sample(Map.of("provider", "xdp", "reason", "denied"), 7))),
                    MetricFamily.of("pangea_jvm_threads", "Live threads", MetricType.GAUGE, 41),
                    new MetricFamily("pangea_provider_active", "Active", MetricType.GAUGE,
                            List.of(new Sample(Map.of("capability", "compression", "provider", "zstd"), 1))),
                    MetricFamily.of("pangea_transport_ping_loss_ratio", "Loss", MetricType.GAUGE, 0.25));
        }

        @Override
        public String prometheusText() {
            return TEXT;
        }
    }

    @BeforeEach
    void setUp() {
        command.metrics = new FixedMetrics();
        command.out = output.stream;
    }

    @Test
    void listsEverySeriesWithItsLabelsAndValue() {
        command.execute();

        assertThat(output.rows()).containsExactly(
                List.of("Name", "Labels", "Value"),
                List.of("pangea_guard_packets_dropped_total", "provider=xdp, reason=denied", "7"),
                List.of("pangea_jvm_threads", "", "41"),
                List.of("pangea_provider_active", "capability=compression, provider=zstd", "1"),
                List.of("pangea_transport_ping_loss_ratio", "", "0.25"));
    }

    @Test
    void filtersBySubstring() {
        command.filter = "provider";
        command.execute();

        assertThat(output.rows()).containsExactly(
                List.of("Name", "Labels", "Value"),
                List.of("pangea_provider_active", "capability=compression, provider=zstd", "1"));
    }

    @Test
    void filtersByGlob() {
        command.filter = "pangea_*_total";
        command.execute();

        assertThat(output.rows()).extracting(row -> row.get(0))
                .containsExactly("Name", "pangea_guard_packets_dropped_total");
    }

    @Test
    void globMatchesTheWholeNameAndQuotesEverythingElse() {
        assertThat(MetricsCommand.nameFilter("pangea_jvm_*").test("pangea_jvm_threads")).isTrue();
        assertThat(MetricsCommand.nameFilter("jvm_*").test("pangea_jvm_threads")).isFalse();
        assertThat(MetricsCommand.nameFilter("pangea_jvm_thread?").test("pangea_jvm_threads")).isTrue();
        assertThat(MetricsCommand.nameFilter("pangea.jvm*").test("pangea_jvm_threads")).isFalse();
        assertThat(MetricsCommand.nameFilter("JVM").test("pangea_jvm_threads")).isTrue();
    }

    @Test
    void saysWhenNothingMatches() {
        command.filter = "nope*";
        command.execute();

        assertThat(output.lines()).containsExactly("no metric matches 'nope*'");
    }

    @Test
    void printsTheExpositionTextWithPrometheus() {
        command.prometheus = true;
        command.execute();

        assertThat(output.text()).isEqualTo(TEXT.replace("\n", System.lineSeparator()));
    }

    @Test
    void filtersTheExpositionTextByFamily() {
        command.prometheus = true;
        command.filter = "threads";
        command.execute();

        assertThat(output.lines()).containsExactly(
                "# HELP pangea_jvm_threads Live threads",
                "# TYPE pangea_jvm_threads gauge",
                "pangea_jvm_threads 41");
    }

    @Test
    void saysWhenTheMetricsBundleIsMissing() {
        command.metrics = null;

        assertThatThrownBy(command::execute)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no node metrics are running (is bundle io.pangea.metrics started?)");
        assertThat(output.text()).isEmpty();
    }
}
