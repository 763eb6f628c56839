package io.pangea.tracer.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricType;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The families an operator scrapes, built from counters without a kernel. */
class TracerMetricsTest {

    private static TcpCounters counters() {
        long[] transitions = new long[TcpState.SLOTS];
        transitions[TcpState.ESTABLISHED.number] = 7;
        transitions[TcpState.CLOSE.number] = 5;
        return new TcpCounters(3, 4, 3, 2, 1, 1, transitions);
    }

    private static RemoteRetransmits remote(String address, int port, long count) throws Exception {
        return new RemoteRetransmits(InetAddress.getByName(address), port, count);
    }

    private static MetricFamily family(List<MetricFamily> families, String name) {
        return families.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static double value(MetricFamily family, Map<String, String> labels) {
        return family.samples().stream().filter(s -> s.labels().equals(labels)).findFirst().orElseThrow().value();
    }

    @Test
    void aRunningTracerReportsEveryCounterWithBoundedLabels() throws Exception {
        List<MetricFamily> families = TracerMetrics.running(counters(),
                List.of(remote("192.0.2.2", 443, 2), remote("2001:db8::2", 4001, 1)), 10);

        assertThat(families).extracting(MetricFamily::name).doesNotHaveDuplicates().containsExactly(
                "pangea_tracer_up", "pangea_tcp_retransmits_total", "pangea_tcp_state_transitions_total",
                "pangea_tcp_connections_opened_total", "pangea_tcp_connections_aborted_total",
                "pangea_tcp_resets_total", "pangea_tcp_remote_retransmits");
        assertThat(families).allSatisfy(f -> {
            assertThat(f.help()).isNotBlank();
            // Counters end in _total, gauges do not: what Prometheus' conventions (and promtool) expect.
            assertThat(f.name().endsWith("_total")).isEqualTo(f.type() == MetricType.COUNTER);
        });
        assertThat(value(family(families, "pangea_tracer_up"), Map.of())).isEqualTo(1);
        assertThat(value(family(families, "pangea_tcp_retransmits_total"), Map.of())).isEqualTo(3);
        MetricFamily transitions = family(families, "pangea_tcp_state_transitions_total");
        assertThat(transitions.samples()).hasSize(TcpState.values().length)
                .allSatisfy(s -> assertThat(s.labels()).containsOnlyKeys("state"));
        assertThat(value(transitions, Map.of("state", "established"))).isEqualTo(7);
        assertThat(value(transitions, Map.of("state", "close"))).isEqualTo(5);
        assertThat(value(transitions, Map.of("state", "syn_sent"))).isZero();
        MetricFamily opened = family(families, "pangea_tcp_connections_opened_total");
        assertThat(value(opened, Map.of("side", "active"))).isEqualTo(4);
        assertThat(value(opened, Map.of("side", "passive"))).isEqualTo(3);
        MetricFamily resets = family(families, "pangea_tcp_resets_total");
        assertThat(value(resets, Map.of("direction", "sent"))).isEqualTo(2);
        assertThat(value(resets, Map.of("direction", "received"))).isEqualTo(1);
        MetricFamily remotes = family(families, "pangea_tcp_remote_retransmits");
        assertThat(remotes.samples()).extracting(s -> s.labels().get("remote"))
                .containsExactly("192.0.2.2:443", "[2001:db8::2]:4001");
    }

    @Test
    void onlyTheTopRemotesAreNamedAndNeverMoreThanTheBound() throws Exception {
        List<RemoteRetransmits> remotes = IntStream.range(0, 300).mapToObj(i -> {
            try {
                return remote("198.51.100." + (i % 250), 1000 + i, i);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();

        assertThat(TracerMetrics.top(remotes, 3)).extracting(RemoteRetransmits::count).containsExactly(299L, 298L, 297L);
        assertThat(TracerMetrics.top(remotes, 0)).isEmpty();
        assertThat(TracerMetrics.top(remotes, 10_000)).hasSize(TracerMetrics.MAX_TOP_REMOTES);
        assertThat(family(TracerMetrics.running(counters(), remotes, 5), "pangea_tcp_remote_retransmits").samples())
                .hasSize(5);
    }

    @Test
    void remoteLabelsAreShortAndMappedAddressesShowAsIpv4() throws Exception {
        assertThat(remote("2001:db8:0:0:1:0:0:1", 80, 1).label()).isEqualTo("[2001:db8::1:0:0:1]:80");
        assertThat(remote("2001:db8:1:2:3:4:5:6", 80, 1).label()).isEqualTo("[2001:db8:1:2:3:4:5:6]:80");
        assertThat(remote("::1", 22, 1).label()).isEqualTo("[::1]:22");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 7};
        assertThat(new RemoteRetransmits(InetAddress.getByAddress(mapped), 9, 1).label()).isEqualTo("192.0.2.7:9");
    }

    @Test
    void remoteKeysDecodeAsTheProgramWritesThem() throws Exception {
        java.nio.ByteBuffer key = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.nativeOrder());
        key.put(new byte[]{(byte) 198, 51, 100, 9}).position(16);
        key.putShort((short) 51000).putShort((short) 2);
        assertThat(TracerProgram.remote(key.array(), 4)).hasValueSatisfying(r -> {
            assertThat(r.label()).isEqualTo("198.51.100.9:51000");
            assertThat(r.count()).isEqualTo(4);
        });
    }

    @Test
    void aTracerThatDoesNotRunSaysWhyAndNothingElse() {
        List<MetricFamily> families = TracerMetrics.unavailable("not_permitted");
        assertThat(families).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("pangea_tracer_up");
            assertThat(f.type()).isEqualTo(MetricType.GAUGE);
            assertThat(f.samples()).singleElement().satisfies(s -> {
                assertThat(s.labels()).isEqualTo(Map.of("reason", "not_permitted"));
                assertThat(s.value()).isZero();
            });
        });
    }

    @Test
    void aDisabledOrMisconfiguredTracerLoadsNothingAndSaysWhy() {
        TcpTracer disabled = new TcpTracer(Configurations.tracer(Map.of("enabled", false)), null);
        assertThat(disabled.collect()).isEqualTo(TracerMetrics.unavailable("disabled"));

        TcpTracer badPort = new TcpTracer(Configurations.tracer(Map.of("ports", new int[]{70000})), null);
        assertThat(badPort.unavailable()).hasValueSatisfying(u -> {
            assertThat(u.reason()).isEqualTo("configuration");
            assertThat(u.detail()).contains("not a port: 70000");
        });
        TcpTracer tooMany = new TcpTracer(Configurations.tracer(Map.of("topRemotes", 1000)), null);
        assertThat(tooMany.collect()).isEqualTo(TracerMetrics.unavailable("configuration"));
        badPort.deactivate();
        tooMany.deactivate();
        disabled.deactivate();
    }
}
