package io.pangea.metrics.internal;

import io.pangea.api.Capability;
import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardRules;
import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricType;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import io.pangea.api.testing.Fakes;
import io.pangea.api.transport.ConnectionQuality;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.Transport;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltInSourcesTest {

    /** The fake selector of the API's test jar for the statuses, plus leases of the providers it is given. */
    static final class LeasingSelector implements ProviderSelector {
        final Fakes.Selector statuses = new Fakes.Selector();
        final Map<Class<?>, Object> providers = new HashMap<>();
        final Map<Class<?>, String> names = new HashMap<>();
        int open;

        <T> LeasingSelector leasing(Class<T> type, String name, T provider) {
            providers.put(type, provider);
            names.put(type, name);
            return this;
        }

        LeasingSelector with(ProviderStatus... added) {
            statuses.with(added);
            return this;
        }

        @Override
        public List<ProviderStatus> providers(Capability capability) {
            return statuses.providers(capability);
        }

        @Override
        public Optional<ProviderStatus> active(Capability capability) {
            return statuses.active(capability);
        }

        @Override
        public Optional<String> override(Capability capability) {
            return statuses.override(capability);
        }

        @Override
        public void select(Capability capability, String provider) {
            statuses.select(capability, provider);
        }

        @Override
        public <T> Lease<T> lease(Class<T> type, String codec) {
            return lease(type);
        }

        @Override
        public <T> Lease<T> lease(Class<T> type) {
            Object provider = providers.get(type);
            if (provider == null) {
                throw new NoProviderException("no eligible provider of " + type.getSimpleName());
            }
            open++;
            return new Lease<>() {
                @Override
                public T provider() {
                    return type.cast(provider);
                }

                @Override
                public String name() {
                    return names.get(type);
                }

                @Override
                public String codec() {
                    return name() + "-codec";
                }

                @Override
                public void close() {
                    open--;
                }
            };
        }
    }

    private final LeasingSelector selector = new LeasingSelector();

    private static String text(List<MetricFamily> families) {
        return PrometheusText.render(families);
    }

    @Test
    void guardCountersOfTheActiveGuardByReason() {
        selector.leasing(Guard.class, "xdp", new Guard() {
            @Override
            public void apply(GuardRules rules) {
            }

            @Override
            public GuardCounters counters() {
                return new GuardCounters(1000, 7, 3, 12);
            }
        });

        assertThat(text(new GuardMetricSource(selector).collect())).isEqualTo("""
                # HELP pangea_guard_packets_passed_total Packets to the node's ports the guard passed
                # TYPE pangea_guard_packets_passed_total counter
                pangea_guard_packets_passed_total{provider="xdp"} 1000
                # HELP pangea_guard_packets_dropped_total Packets to the node's ports the guard dropped, by reason
                # TYPE pangea_guard_packets_dropped_total counter
                pangea_guard_packets_dropped_total{provider="xdp",reason="denied"} 7
                pangea_guard_packets_dropped_total{provider="xdp",reason="unknown"} 3
                pangea_guard_packets_dropped_total{provider="xdp",reason="rate"} 12
                """);
        assertThat(selector.open).as("leases released").isZero();
    }

    @Test
    void noGuardMeansNoGuardFamilies() {
        assertThat(new GuardMetricSource(selector).collect()).isEmpty();
    }

    @Test
    void trackedConnectionsByProtocolWithIdleProtocolsAtZero() {
        InetSocketAddress local = new InetSocketAddress("192.0.2.1", 4001);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        List<TrackedConnection> connections = List.of(
                new TrackedConnection(1, "tcp", local, new InetSocketAddress("198.51.100.7", 50000), 3, 300, now, now),
                new TrackedConnection(2, "tcp", local, new InetSocketAddress("198.51.100.8", 50001), 1, 60, now, now),
                new TrackedConnection(3, "icmp", local, new InetSocketAddress("198.51.100.9", 0), 1, 84, now, now));
        selector.leasing(ConnectionTracker.class, "proc", new ConnectionTracker() {
            @Override
            public List<TrackedConnection> connections() {
                return connections;
            }

            @Override
            public AutoCloseable watch(Consumer<TrackedConnection> onNew) {
                return () -> {
                };
            }
        });

        assertThat(text(new ConntrackMetricSource(selector).collect())).isEqualTo("""
                # HELP pangea_conntrack_connections Connections the active connection tracker holds, by protocol
                # TYPE pangea_conntrack_connections gauge
                pangea_conntrack_connections{protocol="icmp",provider="proc"} 1
                pangea_conntrack_connections{protocol="tcp",provider="proc"} 2
                pangea_conntrack_connections{protocol="udp",provider="proc"} 0
                """);
        assertThat(selector.open).isZero();
    }

    @Test
    void noConnectionTrackerMeansNoConntrackFamily() {
        assertThat(new ConntrackMetricSource(selector).collect()).isEmpty();
    }

    @Test
    void activeProviderOfEachCapabilityAsAnInfoGauge() {
        selector.with(
                Fakes.provider(Capability.COMPRESSION, "zstd", 100, true),
                Fakes.provider(Capability.COMPRESSION, "none", 0, false),
                Fakes.provider(Capability.CIPHER, "xchacha-native", 200, false, "libsodium not loaded"),
                Fakes.provider(Capability.CIPHER, "aes-gcm", 50, true));

        assertThat(text(new ProviderMetricSource(selector).collect())).isEqualTo("""
                # HELP pangea_provider_active The active provider of each capability (always 1)
                # TYPE pangea_provider_active gauge
                pangea_provider_active{capability="compression",provider="zstd"} 1
                pangea_provider_active{capability="cipher",provider="aes-gcm"} 1
                """);
    }

    @Test
    void openConnectionsAndMeanPingQualityPerTransport() {
        TransportMetricSource source = new TransportMetricSource();
        source.addTransport(new FakeTransport(List.of(
                connection(quality(Duration.ofMillis(20), 0.0, 10)),
                connection(quality(Duration.ofMillis(40), 0.5, 10)),
                connection(quality(Duration.ZERO, 1.0, 4)), // never answered: counts for loss, not latency
                connection(null))), Map.of("service.id", 7L, "pangea.provider", "tcp"));
        source.addTransport(new FakeTransport(List.of()), Map.of("service.id", 9L, "pangea.provider", "quic"));

        assertThat(text(source.collect())).isEqualTo("""
                # HELP pangea_transport_connections Open peer connections, by transport provider
                # TYPE pangea_transport_connections gauge
                pangea_transport_connections{provider="tcp"} 4
                pangea_transport_connections{provider="quic"} 0
                # HELP pangea_transport_ping_latency_seconds Mean ping round trip of the connections that answer pings
                # TYPE pangea_transport_ping_latency_seconds gauge
                pangea_transport_ping_latency_seconds{provider="tcp"} 0.03
                # HELP pangea_transport_ping_loss_ratio Mean share of pings lost over the measured connections
                # TYPE pangea_transport_ping_loss_ratio gauge
                pangea_transport_ping_loss_ratio{provider="tcp"} 0.5
                """);
    }

    @Test
    void noTransportMeansNoTransportFamilies() {
        TransportMetricSource source = new TransportMetricSource();
        FakeTransport transport = new FakeTransport(List.of());
        source.addTransport(transport, Map.of("service.id", 7L, "pangea.provider", "tcp"));
        source.removeTransport(transport, Map.of("service.id", 7L, "pangea.provider", "tcp"));

        assertThat(source.collect()).isEmpty();
    }

    @Test
    void jvmHeapAndThreads() {
        List<MetricFamily> families = new JvmMetricSource().collect();

        assertThat(families).extracting(MetricFamily::name).contains(JvmMetricSource.HEAP_USED,
                JvmMetricSource.THREADS, JvmMetricSource.DAEMON_THREADS);
        assertThat(families).allSatisfy(f -> {
            assertThat(f.type()).isEqualTo(MetricType.GAUGE);
            assertThat(f.samples()).singleElement().satisfies(s -> assertThat(s.value()).isPositive());
        });
        double threads = families.stream().filter(f -> f.name().equals(JvmMetricSource.THREADS)).findFirst()
                .orElseThrow().samples().get(0).value();
        assertThat(threads).isEqualTo(Thread.getAllStackTraces().size(), org.assertj.core.data.Offset.offset(20d));
    }

    @Test
    void builtInSourcesTogetherThroughTheAggregator() {
        selector.with(Fakes.provider(Capability.COMPRESSION, "zstd", 100, true));
        NodeMetricsComponent node = new NodeMetricsComponent(new RecordingLogger().logger());
        node.addSource(new ProviderMetricSource(selector), Map.of("service.id", 1L));
        node.addSource(new GuardMetricSource(selector), Map.of("service.id", 2L)); // no guard: absent, no error
        node.addSource(new JvmMetricSource(), Map.of("service.id", 3L));

        assertThat(node.prometheusText())
                .contains("\npangea_provider_active{capability=\"compression\",provider=\"zstd\"} 1\n")
                .contains("\n# TYPE pangea_jvm_heap_used_bytes gauge\n")
                .doesNotContain("pangea_guard");
        assertThat(node.scrape()).extracting(MetricFamily::name).isSorted();
    }

    private static ConnectionQuality quality(Duration latency, double loss, int samples) {
        return new ConnectionQuality(latency, Duration.ZERO, loss, samples);
    }

    private static PeerConnection connection(ConnectionQuality quality) {
        return new PeerConnection() {
            @Override
            public String remotePeer() {
                return "12D3KooWtest";
            }

            @Override
            public String remoteAddress() {
                return "/ip4/198.51.100.7/tcp/4001";
            }

            @Override
            public CompletionStage<PeerStream> openStream(String protocol) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<ConnectionQuality> quality() {
                return Optional.ofNullable(quality);
            }

            @Override
            public CompletionStage<Void> whenClosed() {
                return new CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
    }

    private record FakeTransport(List<PeerConnection> open) implements Transport {
        @Override
        public List<String> listenAddresses() {
            return List.of();
        }

        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean supports(String multiaddr) {
            return false;
        }

        @Override
        public List<PeerConnection> connections() {
            return open;
        }
    }
}
