package io.pangea.metrics.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricFamily.Sample;
import io.pangea.api.metrics.MetricSource;
import io.pangea.api.metrics.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class NodeMetricsComponentTest {
    private final RecordingLogger log = new RecordingLogger();
    private final NodeMetricsComponent metrics = new NodeMetricsComponent(log.logger());

    private static Map<String, Object> service(long id, String component) {
        return Map.of("service.id", id, "component.name", component);
    }

    private static MetricFamily gauge(String name, String help, String label, double value) {
        return new MetricFamily(name, help, MetricType.GAUGE, List.of(new Sample(Map.of("from", label), value)));
    }

    @Test
    void scrapesEverySourceSortedByName() {
        metrics.addSource(() -> List.of(MetricFamily.of("pangea_z", "last", MetricType.GAUGE, 1),
                MetricFamily.of("pangea_a", "first", MetricType.COUNTER, 2)), service(10, "one"));
        metrics.addSource(() -> List.of(MetricFamily.of("pangea_m", "middle", MetricType.GAUGE, 0.5)),
                service(11, "two"));

        assertThat(metrics.prometheusText()).isEqualTo("""
                # HELP pangea_a first
                # TYPE pangea_a counter
                pangea_a 2
                # HELP pangea_m middle
                # TYPE pangea_m gauge
                pangea_m 0.5
                # HELP pangea_z last
                # TYPE pangea_z gauge
                pangea_z 1
                """);
        assertThat(log.lines).isEmpty();
    }

    @Test
    void mergesAFamilyReportedByTwoSourcesWhenTheTypesAgree() {
        metrics.addSource(() -> List.of(gauge("pangea_x", "from one", "one", 1)), service(10, "one"));
        metrics.addSource(() -> List.of(gauge("pangea_x", "from two", "two", 2)), service(11, "two"));

        assertThat(metrics.prometheusText()).isEqualTo("""
                # HELP pangea_x from one
                # TYPE pangea_x gauge
                pangea_x{from="one"} 1
                pangea_x{from="two"} 2
                """);
    }

    @Test
    void dropsTheLaterRegisteredFamilyOfAnotherTypeAndLogsItOnce() {
        // bound in the reverse order of registration: the service id decides which one is "later"
        metrics.addSource(() -> List.of(new MetricFamily("pangea_x", "counter", MetricType.COUNTER,
                List.of(new Sample(Map.of("from", "late"), 9)))), service(20, "late"));
        metrics.addSource(() -> List.of(gauge("pangea_x", "gauge", "early", 1)), service(10, "early"));

        String expected = """
                # HELP pangea_x gauge
                # TYPE pangea_x gauge
                pangea_x{from="early"} 1
                """;
        assertThat(metrics.prometheusText()).isEqualTo(expected);
        assertThat(metrics.prometheusText()).isEqualTo(expected);
        assertThat(log.lines).containsExactly("warn: metrics: pangea_x from late (service 20) is a counter but "
                + "early (service 10) reports it as a gauge; the later one is dropped");
    }

    @Test
    void dropsARepeatedSeries() {
        metrics.addSource(() -> List.of(gauge("pangea_x", "h", "same", 1)), service(10, "one"));
        metrics.addSource(() -> List.of(gauge("pangea_x", "h", "same", 2)), service(11, "two"));

        assertThat(metrics.scrape()).singleElement()
                .satisfies(f -> assertThat(f.samples()).containsExactly(new Sample(Map.of("from", "same"), 1)));
        assertThat(log.lines).singleElement().asString().contains("repeats a series");
    }

    @Test
    void leavesOutAFailingSourceAndLogsOncePerFailureStreak() {
        AtomicBoolean broken = new AtomicBoolean(true);
        metrics.addSource(() -> List.of(MetricFamily.of("pangea_ok", "h", MetricType.GAUGE, 1)), service(10, "ok"));
        metrics.addSource(() -> {
            if (broken.get()) {
                throw new IllegalStateException("disk gone");
            }
            return List.of(MetricFamily.of("pangea_flaky", "h", MetricType.GAUGE, 7));
        }, service(11, "flaky"));

        for (int i = 0; i < 3; i++) {
            assertThat(metrics.scrape()).extracting(MetricFamily::name).containsExactly("pangea_ok");
        }
        assertThat(log.lines).containsExactly(
                "warn: metric source flaky (service 11) failed; it is left out of the scrapes until it recovers");
        assertThat(log.exceptions).singleElement().asString().contains("disk gone");

        broken.set(false);
        assertThat(metrics.scrape()).extracting(MetricFamily::name).containsExactly("pangea_flaky", "pangea_ok");
        broken.set(true);
        metrics.scrape();

        assertThat(log.lines).containsExactly(
                "warn: metric source flaky (service 11) failed; it is left out of the scrapes until it recovers",
                "info: metric source flaky (service 11) recovered",
                "warn: metric source flaky (service 11) failed; it is left out of the scrapes until it recovers");
    }

    @Test
    void forgetsASourceThatLeaves() {
        MetricSource source = () -> List.of(MetricFamily.of("pangea_gone", "h", MetricType.GAUGE, 1));
        metrics.addSource(source, service(10, "leaving"));
        assertThat(metrics.scrape()).hasSize(1);

        metrics.removeSource(source, service(10, "leaving"));

        assertThat(metrics.scrape()).isEmpty();
        assertThat(metrics.prometheusText()).isEmpty();
    }

    @Test
    void takesANullAnswerAsNoFamilies() {
        metrics.addSource(() -> null, Map.of("service.id", 5L));

        assertThat(metrics.scrape()).isEmpty();
        assertThat(log.lines).isEmpty();
    }
}
