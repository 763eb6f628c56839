package io.pangea.dht.kad.internal;

import io.pangea.api.Capability;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Cid;
import io.pangea.p2p.Multiaddr;
import io.pangea.transport.tcp.internal.TcpTransports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DHT component on two transports per node, over real sockets on 127.0.0.1: a TCP transport and a second one
 * with QUIC-style addresses (a TCP transport under the same identity whose addresses are written as
 * {@code /udp/<port>/quic-v1}, so that only it supports them). The preferred transport is swapped live and the TCP
 * transport of a peer is stopped: the DHT keeps its routing table and provider records and reaches the peer over
 * the other transport.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MultiTransportKadTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private final List<Transport> started = new ArrayList<>();
    private final List<KadDhtComponent> components = new ArrayList<>();

    @AfterEach
    void tearDown() {
        components.forEach(KadDhtComponent::deactivate);
        started.forEach(t -> {
            try {
                TcpTransports.stop(t);
            } catch (RuntimeException e) {
                // stopped by the test already
            }
        });
    }

    /** A node: its transports, the selector's choice among them, and the DHT component. */
    private final class Node {
        final Transport tcp;
        final Transport tcpUnderQuic;
        final QuicStyleTransport quic;
        final SwitchingSelector selector;
        final KadDhtComponent dht;

        Node(String name, String... bootstrap) throws Exception {
            Path identity = data.resolve(name).resolve("identity.key");
            tcp = TcpTransports.start(identity);
            tcpUnderQuic = TcpTransports.start(identity);
            started.add(tcp);
            started.add(tcpUnderQuic);
            quic = new QuicStyleTransport(tcpUnderQuic);
            selector = new SwitchingSelector(tcp);
            dht = new KadDhtComponent(configuration(bootstrap), selector, context(List.of(tcp, tcpUnderQuic)));
            components.add(dht);
            dht.addTransport(tcp, Map.of("service.ranking", 10, "service.id", 1L));
            dht.addTransport(quic, Map.of("service.ranking", 20, "service.id", 2L));
        }

        KadService service() {
            return dht.service().orElseThrow();
        }

        String id() {
            return service().node().self().id().toBase58();
        }

        String address(Transport transport) {
            return transport.listenAddresses().get(0);
        }
    }

    @Test
    void theDhtSurvivesASwapOfThePreferredTransportAndALostTransport() throws Exception {
        Node b = new Node("b");
        Node a = new Node("a", b.address(b.tcp), b.address(b.quic));
        assertThat(a.service().node().self().addresses()).extracting(Multiaddr::toString)
                .containsExactly(Multiaddr.parse(a.address(a.tcp)).withoutPeer().toString(),
                        Multiaddr.parse(a.address(a.quic)).withoutPeer().toString());

        // A bootstraps from B over the preferred transport (TCP) and B learns A from A's queries.
        await(() -> a.dht.routingTable().stream().anyMatch(p -> p.peerId().equals(b.id()))
                && b.dht.routingTable().stream().anyMatch(p -> p.peerId().equals(a.id())), "the two tables");
        byte[] providedByB = Cid.ofText("held by b").bytes();
        b.dht.addRecordSource(key -> Arrays.equals(key, providedByB));
        await(b.dht.provide(providedByB));
        assertThat(b.tcp.connections()).isNotEmpty();
        assertThat(a.service().network().heldConnections()).isEqualTo(1);

        // The operator prefers QUIC on A; B loses its TCP transport altogether.
        a.selector.active = a.quic;
        b.selector.active = b.quic;
        b.dht.removeTransport(b.tcp, Map.of());
        TcpTransports.stop(b.tcp);
        await(() -> a.service().network().heldConnections() == 0, "A to drop its closed connection");

        // Nothing was lost, and requests go over QUIC now: A finds B as provider of a key only B vouches for.
        assertThat(a.dht.routingTable()).extracting(PeerInfo::peerId).contains(b.id());
        assertThat(a.service().node().providerStore().providers(providedByB)).extracting(p -> p.id().toBase58())
                .contains(b.id());
        byte[] vouchedByB = Cid.ofText("only b holds this").bytes();
        b.dht.addRecordSource(key -> Arrays.equals(key, vouchedByB));
        List<PeerInfo> found = await(a.dht.findProviders(vouchedByB, 5));
        assertThat(found).extracting(PeerInfo::peerId).containsExactly(b.id());
        assertThat(b.tcpUnderQuic.connections()).extracting(PeerConnection::remotePeer).contains(a.id());
        assertThat(b.service().node().self().addresses()).extracting(Multiaddr::toString)
                .containsExactly(Multiaddr.parse(b.address(b.quic)).withoutPeer().toString());
    }

    @Test
    void anAddressTheActiveTransportCannotDialGoesToOneThatCan() throws Exception {
        Node b = new Node("b");
        // A knows B only by its QUIC-style address while TCP stays preferred.
        Node a = new Node("a", b.address(b.quic));
        await(() -> a.dht.routingTable().stream().anyMatch(p -> p.peerId().equals(b.id())), "A's table");
        assertThat(b.tcp.connections()).isEmpty();
        assertThat(b.tcpUnderQuic.connections()).extracting(PeerConnection::remotePeer).contains(a.id());
    }

    @Test
    void theDhtWaitsForATransportThatNamesTheNode() throws Exception {
        SwitchingSelector selector = new SwitchingSelector(null);
        KadDhtComponent dht = new KadDhtComponent(configuration(), selector, context(List.of()));
        components.add(dht);
        assertThat(dht.routingTable()).isEmpty();
        assertThat(dht.findProviders(new byte[] {1}, 1).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(Exception.class)
                .withMessageContaining("no transport listens under this node's peer id");
        Transport tcp = TcpTransports.start(data.resolve("late").resolve("identity.key"));
        started.add(tcp);
        selector.active = tcp;
        dht.addTransport(tcp, Map.of());
        assertThat(dht.service()).isPresent();
        assertThat(await(dht.findProviders(new byte[] {1}, 1))).isEmpty();
    }

    // ---- fakes of what OSGi would give the component ----

    static KadConfiguration configuration(String... bootstrap) {
        Map<String, Object> values = Map.of("bootstrapPeers", bootstrap, "requestTimeoutSeconds", 5,
                "dialTimeoutSeconds", 5, "bootstrapRetrySeconds", 1);
        return (KadConfiguration) Proxy.newProxyInstance(KadConfiguration.class.getClassLoader(),
                new Class<?>[] {KadConfiguration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return KadConfiguration.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    /** Serves every ProtocolHandler the component registers on the given transports, as the whiteboard would. */
    private static BundleContext context(List<Transport> serveOn) {
        List<Object> registered = new CopyOnWriteArrayList<>();
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        ProtocolHandler handler = (ProtocolHandler) args[1];
                        String protocol = String.valueOf(((java.util.Dictionary<?, ?>) args[2])
                                .get(ProtocolHandler.PROTOCOL));
                        serveOn.forEach(t -> TcpTransports.serve(t, protocol, handler));
                        registered.add(handler);
                        return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Leases whichever transport the test made active. */
    static final class SwitchingSelector implements ProviderSelector {
        volatile Transport active;

        SwitchingSelector(Transport active) {
            this.active = active;
        }

        @Override
        public List<ProviderStatus> providers(Capability capability) {
            return List.of();
        }

        @Override
        public Optional<ProviderStatus> active(Capability capability) {
            return Optional.empty();
        }

        @Override
        public Optional<String> override(Capability capability) {
            return Optional.empty();
        }

        @Override
        public void select(Capability capability, String provider) {
        }

        @Override
        public <T> Lease<T> lease(Class<T> type) {
            Transport now = active;
            if (type != Transport.class || now == null) {
                throw new NoProviderException("no eligible provider of " + type.getSimpleName());
            }
            return new Lease<>() {
                @Override
                public T provider() {
                    return type.cast(now);
                }

                @Override
                public String name() {
                    return now instanceof QuicStyleTransport ? "quic" : "tcp";
                }

                @Override
                public String codec() {
                    return name();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public <T> Lease<T> lease(Class<T> type, String codec) {
            return lease(type);
        }
    }

    /** A transport whose addresses only it supports: a TCP transport written as {@code /udp/<port>/quic-v1}. */
    static final class QuicStyleTransport implements Transport {
        private final Transport tcp;

        QuicStyleTransport(Transport tcp) {
            this.tcp = tcp;
        }

        @Override
        public List<String> listenAddresses() {
            return tcp.listenAddresses().stream().map(a -> a.replaceFirst("/tcp/(\\d+)", "/udp/$1/quic-v1"))
                    .toList();
        }

        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            return tcp.dial(multiaddr.replaceFirst("/udp/(\\d+)/quic-v1", "/tcp/$1"));
        }

        @Override
        public boolean supports(String multiaddr) {
            try {
                return Multiaddr.parse(multiaddr).isQuic();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public List<PeerConnection> connections() {
            return tcp.connections();
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not come within " + WAIT);
            }
            Thread.sleep(25);
        }
    }
}
