package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.dht.kad.internal.MultiTransportKadTest.SwitchingSelector;
import io.pangea.p2p.Cid;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;
import io.pangea.transport.quic.internal.QuicTransports;
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
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes, each with the real QUIC transport (libp2p TLS over Netty QUIC) and the real TCP transport under one
 * identity, on 127.0.0.1 with ephemeral ports, QUIC preferred: the DHT joins through one seed named by its QUIC
 * address and works over QUIC alone; then the preference moves to TCP and one node loses its QUIC transport, and
 * the routing tables and provider records outlive the swap while new announcements travel over TCP.
 */
class QuicKadTest {
    /** Every wait is bounded; together they stay well inside the test's timeout. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        nodes.forEach(Node::close);
    }

    /** A node: both transports, the selector's choice among them, the DHT component on both. */
    private final class Node {
        final Transport tcp;
        final QuicTransports.Running quicComponent;
        final Transport quic;
        final SwitchingSelector selector;
        final KadDhtComponent dht;
        private boolean quicStopped;

        Node(String name, String... bootstrap) {
            Path identity = data.resolve(name).resolve("identity.key");
            Transport tcpTransport;
            try {
                tcpTransport = TcpTransports.start(identity);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            QuicTransports.Running quicRunning = QuicTransports.start(identity);
            tcp = tcpTransport;
            quicComponent = quicRunning;
            quic = quicRunning.transport();
            nodes.add(this);
            // DS binds the node's other transports to the TCP one, whose Identify then names the QUIC address too.
            TcpTransports.announceAlso(tcp, quic);
            selector = new SwitchingSelector(quic);
            dht = new KadDhtComponent(MultiTransportKadTest.configuration(bootstrap), selector,
                    context((protocol, handler) -> {
                        TcpTransports.serve(tcpTransport, protocol, handler);
                        QuicTransports.serve(quicRunning, protocol, handler);
                    }));
            dht.addTransport(tcp, Map.of("service.ranking", 10, "service.id", 1L));
            dht.addTransport(quic, Map.of("service.ranking", 20, "service.id", 2L));
        }

        KadService service() {
            return dht.service().orElseThrow();
        }

        String id() {
            return service().node().self().id().toBase58();
        }

        boolean knows(Node other) {
            return dht.routingTable().stream().anyMatch(p -> p.peerId().equals(other.id()));
        }

        /** The first address of a transport, without {@code /p2p}. */
        String address(Transport transport) {
            return Multiaddr.parse(transport.listenAddresses().get(0)).withoutPeer().toString();
        }

        /** Loses its QUIC transport as DS would see it go: unbound from the DHT and from TCP's Identify, stopped. */
        void loseQuic() {
            dht.removeTransport(quic, Map.of());
            TcpTransports.forget(tcp, quic);
            QuicTransports.stop(quicComponent);
            quicStopped = true;
        }

        void close() {
            dht.deactivate();
            TcpTransports.stop(tcp);
            if (!quicStopped) {
                QuicTransports.stop(quicComponent);
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theDhtRunsOverQuicAndSurvivesASwapToTcp() throws Exception {
        Node b = new Node("b");
        String seed = b.quic.listenAddresses().get(0);
        assertThat(seed).startsWith("/ip4/127.0.0.1/udp/").contains("/quic-v1/p2p/" + b.id());
        Node a = new Node("a", seed);
        Node c = new Node("c", seed);
        // Both transports name the node, one id: the DHT announces both addresses.
        assertThat(a.service().node().self().addresses()).extracting(Multiaddr::toString)
                .containsExactlyInAnyOrder(a.address(a.tcp), a.address(a.quic));

        // A and C join through B; C's lookup through B reaches A, so everyone ends up knowing everyone.
        await(() -> a.knows(b) && a.knows(c) && b.knows(a) && b.knows(c) && c.knows(a) && c.knows(b),
                "all three routing tables");

        byte[] announced = Cid.ofText("announced by a over quic").bytes();
        a.dht.addRecordSource(key -> Arrays.equals(key, announced));
        await(a.dht.provide(announced));
        List<PeerInfo> found = await(c.dht.findProviders(announced, 1));
        assertThat(found).extracting(PeerInfo::peerId).containsExactly(a.id());
        assertThat(found.get(0).addresses()).contains(a.address(a.quic));

        // Several lookups at once, from two nodes, for keys A holds but never announced: each is a real
        // GET_PROVIDERS walk that ends at A (no store has them), plus a FIND_NODE for A.
        List<byte[]> held = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] key = Cid.ofText("held by a #" + i).bytes();
            held.add(key);
        }
        a.dht.addRecordSource(key -> held.stream().anyMatch(k -> Arrays.equals(k, key)));
        List<CompletableFuture<List<PeerInfo>>> lookups = new ArrayList<>();
        for (byte[] key : held) {
            lookups.add(c.dht.findProviders(key, 1).toCompletableFuture());
            lookups.add(b.dht.findProviders(key, 1).toCompletableFuture());
        }
        CompletableFuture<Optional<PeerInfo>> peerA = c.dht.findPeer(a.id()).toCompletableFuture();
        await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)));
        for (CompletableFuture<List<PeerInfo>> lookup : lookups) {
            assertThat(lookup.join()).extracting(PeerInfo::peerId).containsExactly(a.id());
        }
        assertThat(await(peerA)).get().extracting(PeerInfo::addresses).asList().contains(a.address(a.quic));

        // All of it went over QUIC: no TCP connection anywhere, and every connection held is a /quic-v1 one.
        for (Node node : List.of(a, b, c)) {
            assertThat(node.tcp.connections()).isEmpty();
            assertThat(node.quic.connections()).isNotEmpty().allSatisfy(connection ->
                    assertThat(connection.remoteAddress()).startsWith("/ip4/127.0.0.1/udp/").endsWith("/quic-v1"));
            assertThat(node.service().network().heldConnections()).isPositive();
        }

        // The operator prefers TCP now, everywhere; B loses QUIC altogether.
        List<String> tableOfA = ids(a.dht.routingTable());
        List<String> tableOfC = ids(c.dht.routingTable());
        for (Node node : List.of(a, b, c)) {
            node.selector.active = node.tcp;
        }
        b.loseQuic();
        assertThat(b.service().node().self().addresses()).extracting(Multiaddr::toString)
                .containsExactly(b.address(b.tcp));
        // B's QUIC connections close with it, and the others drop what they held to B.
        await(() -> a.quic.connections().stream().noneMatch(x -> x.remotePeer().equals(b.id()))
                && c.quic.connections().stream().noneMatch(x -> x.remotePeer().equals(b.id())),
                "A's and C's QUIC connections to B to close");

        // Nothing restarted: the tables and the provider records are those from before the swap.
        assertThat(ids(a.dht.routingTable())).containsExactlyInAnyOrderElementsOf(tableOfA);
        assertThat(ids(c.dht.routingTable())).containsExactlyInAnyOrderElementsOf(tableOfC);
        assertThat(ids(b.dht.routingTable())).containsExactlyInAnyOrder(a.id(), c.id());
        assertThat(b.service().node().providerStore().providers(announced)).extracting(p -> p.id().toBase58())
                .containsExactly(a.id());

        // Identify over QUIC names QUIC addresses only (until the QUIC transport announces the node's other
        // transports too), so B knows its peers at QUIC addresses alone: left with TCP, it joins again through
        // A's TCP address, as a seed list naming a TCP address would have it do. A learns B's TCP address from
        // Identify over TCP.
        KadPeer aOverTcp = new KadPeer(PeerId.parse(a.id()), List.of(Multiaddr.parse(a.address(a.tcp))));
        await(b.service().node().bootstrap(List.of(aOverTcp)));
        await(() -> a.dht.routingTable().stream().anyMatch(p -> p.peerId().equals(b.id())
                && p.addresses().contains(b.address(b.tcp))), "A to know B's TCP address");

        // A announces a new key; B, which has nothing but TCP, receives the record and finds A, and a key A holds
        // without announcing is found by B's lookup over TCP.
        byte[] afterSwap = Cid.ofText("announced by a after the swap").bytes();
        a.dht.addRecordSource(key -> Arrays.equals(key, afterSwap));
        await(a.dht.provide(afterSwap));
        assertThat(b.service().node().providerStore().providers(afterSwap)).extracting(p -> p.id().toBase58())
                .containsExactly(a.id());
        List<PeerInfo> overTcp = await(b.dht.findProviders(afterSwap, 1));
        assertThat(overTcp).extracting(PeerInfo::peerId).containsExactly(a.id());
        assertThat(overTcp.get(0).addresses()).contains(a.address(a.tcp));
        byte[] heldAfterSwap = Cid.ofText("held by a after the swap").bytes();
        a.dht.addRecordSource(key -> Arrays.equals(key, heldAfterSwap));
        assertThat(await(b.dht.findProviders(heldAfterSwap, 1))).extracting(PeerInfo::peerId)
                .containsExactly(a.id());
        assertThat(a.tcp.connections()).extracting(PeerConnection::remotePeer).contains(b.id());
        assertThat(b.tcp.connections()).isNotEmpty().allSatisfy(connection ->
                assertThat(connection.remoteAddress()).contains("/tcp/"));
        // The old records are still served, and A still routes to both.
        assertThat(await(c.dht.findProviders(announced, 1))).extracting(PeerInfo::peerId).containsExactly(a.id());
        assertThat(ids(a.dht.routingTable())).contains(b.id(), c.id());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void identifyOverTcpNamesTheRealQuicAddress() throws Exception {
        Node a = new Node("a");
        Node b = new Node("b");
        // A dial made outside the DHT, just to read what B's TCP transport says about B.
        PeerConnection connection = await(a.tcp.dial(b.tcp.listenAddresses().get(0)));
        await(connection.identification());
        assertThat(connection.remoteListenAddresses()).containsExactly(b.address(b.tcp), b.address(b.quic));
        connection.close();
    }

    private static List<String> ids(List<PeerInfo> peers) {
        return peers.stream().map(PeerInfo::peerId).toList();
    }

    /** Serves every ProtocolHandler the component registers on the node's transports, as the whiteboard would. */
    private static BundleContext context(BiConsumer<String, ProtocolHandler> serve) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String protocol = String.valueOf(((Dictionary<?, ?>) args[2]).get(ProtocolHandler.PROTOCOL));
                    serve.accept(protocol, (ProtocolHandler) args[1]);
                    return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
                });
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
