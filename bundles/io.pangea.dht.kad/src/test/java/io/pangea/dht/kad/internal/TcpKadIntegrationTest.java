package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Cid;
import io.pangea.transport.tcp.internal.TcpTransports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kademlia nodes on real TCP transports (Noise, Yamux) on 127.0.0.1, through the Transport API only. */
class TcpKadIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path data;

    private final List<Transport> transports = new ArrayList<>();
    private final List<KadService> services = new ArrayList<>();

    @AfterEach
    void tearDown() {
        services.forEach(KadService::close);
        transports.forEach(TcpTransports::stop);
    }


    private KadService node(String name, boolean server, String... bootstrap) throws Exception {
        Transport transport = TcpTransports.start(data.resolve(name).resolve("identity.key"));
        transports.add(transport);
        KadConfig config = KadConfig.defaults().withRequestTimeout(TIMEOUT).withServer(server);
        KadService service = new KadService(config, TIMEOUT, List.of(bootstrap), TcpTransports.leases(transport));
        services.add(service);
        service.handler().ifPresent(h -> TcpTransports.serve(transport, TransportKadNetwork.PROTOCOL, h));
        return service;
    }

    private static String address(KadService service) {
        KadPeer self = service.node().self();
        return self.addresses().get(0).withPeer(self.id()).toString();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aProviderIsFoundThroughTheBootstrapPeerOverRealSockets() throws Exception {
        KadService b = node("b", true);
        KadService a = node("a", true, address(b));
        KadService c = node("c", false, address(b));
        assertThat(a.node().self().id().toBase58()).isNotEqualTo(c.node().self().id().toBase58());
        assertThat(a.node().self().addresses().get(0).toString()).startsWith("/ip4/127.0.0.1/tcp/");

        await(a.bootstrap());
        await(c.bootstrap());
        assertThat(a.node().routingTable()).extracting(PeerInfo::peerId)
                .containsExactly(b.node().self().id().toBase58());
        // A bootstrapped only from B and announces /ipfs/kad/1.0.0 in Identify, so B routes to it, at the address A
        // listens on; C is a client and stays out of B's table.
        assertThat(b.node().routingTable()).extracting(PeerInfo::peerId)
                .containsExactly(a.node().self().id().toBase58());
        assertThat(b.node().routingTable().get(0).addresses())
                .containsExactly(a.node().self().addresses().get(0).toString());

        byte[] key = Cid.ofText("hello pangea").bytes();
        await(a.node().provide(key));
        List<PeerInfo> found = await(c.node().findProviders(key, 5));

        assertThat(found).extracting(PeerInfo::peerId).containsExactly(a.node().self().id().toBase58());
        assertThat(found.get(0).addresses()).contains(a.node().self().addresses().get(0).toString());
        // A second request reuses the connection C dialed to B.
        assertThat(await(c.node().findProviders(Cid.ofText("absent").bytes(), 5))).isEmpty();
    }

    @Test
    void aPeerConnectedForAnyReasonJoinsTheRoutingTableBothWays() throws Exception {
        KadService a = node("a", true);
        KadService b = node("b", true);
        String aId = a.node().self().id().toBase58();
        String bId = b.node().self().id().toBase58();
        // A announces while it knows nobody: no peer stores the record, so A must answer for its own keys.
        byte[] early = Cid.ofText("announced to nobody").bytes();
        await(a.node().provide(early));
        // B dials A as pangea:connect does: no DHT request, no bootstrap.
        PeerConnection connection = await(transports.get(1).dial(address(a)));
        await(connection.identification());
        b.adoptConnectedPeers();
        assertThat(b.node().routingTable()).extracting(PeerInfo::peerId).containsExactly(aId);
        assertThat(await(b.node().findProviders(early, 5))).extracting(PeerInfo::peerId).containsExactly(aId);

        // A holds the inbound connection; once it has identified B, A adopts B as well.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (a.node().routingTable().isEmpty() && System.nanoTime() < deadline) {
            a.adoptConnectedPeers();
            Thread.sleep(50);
        }
        assertThat(a.node().routingTable()).extracting(PeerInfo::peerId).containsExactly(bId);

        byte[] key = Cid.ofText("found over an adopted peer").bytes();
        await(a.node().provide(key));
        assertThat(await(b.node().findProviders(key, 5))).extracting(PeerInfo::peerId).containsExactly(aId);
        a.adoptConnectedPeers();
        assertThat(a.node().routingTable()).as("adopting twice adds nothing").hasSize(1);
    }

    @Test
    void aClosedConnectionLeavesTheCacheAndTheNextRequestDialsAgain() throws Exception {
        KadService b = node("b", true);
        Transport real = TcpTransports.start(data.resolve("a").resolve("identity.key"));
        transports.add(real);
        CountingTransport counting = new CountingTransport(real);
        KadConfig config = KadConfig.defaults().withRequestTimeout(TIMEOUT);
        KadService a = new KadService(config, TIMEOUT, List.of(), TcpTransports.leases(counting));
        services.add(a);
        KadPeer bPeer = b.node().self();

        await(a.node().query(bPeer, KadMessage.request(KadMessage.Type.PING, new byte[0])));
        await(a.node().query(bPeer, KadMessage.request(KadMessage.Type.PING, new byte[0])));
        assertThat(counting.dials).hasValue(1);
        assertThat(a.network().heldConnections()).isEqualTo(1);

        // B hangs up: A's held connection closes under it and must leave the cache by itself.
        Transport bTransport = transports.get(0);
        assertThat(bTransport.connections()).hasSize(1);
        bTransport.connections().forEach(PeerConnection::close);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (a.network().heldConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(a.network().heldConnections()).isZero();

        KadMessage answer = await(a.node().query(bPeer, KadMessage.request(KadMessage.Type.PING, new byte[0])));
        assertThat(answer.type()).isEqualTo(KadMessage.Type.PING);
        assertThat(counting.dials).hasValue(2);
        assertThat(a.network().heldConnections()).isEqualTo(1);
        assertThat(bTransport.connections()).hasSize(1);
    }

    /** Counts dials through the real transport. */
    static final class CountingTransport implements Transport {
        final java.util.concurrent.atomic.AtomicInteger dials = new java.util.concurrent.atomic.AtomicInteger();
        private final Transport delegate;

        CountingTransport(Transport delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<String> listenAddresses() {
            return delegate.listenAddresses();
        }

        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            dials.incrementAndGet();
            return delegate.dial(multiaddr);
        }

        @Override
        public boolean supports(String multiaddr) {
            return delegate.supports(multiaddr);
        }

        @Override
        public List<PeerConnection> connections() {
            return delegate.connections();
        }
    }

    @Test
    void aMalformedRequestResetsTheStream() throws Exception {
        KadService b = node("b", true);
        Transport client = TcpTransports.start(data.resolve("raw").resolve("identity.key"));
        transports.add(client);
        PeerConnection connection = await(client.dial(address(b)));
        PeerStream stream = await(connection.openStream(TransportKadNetwork.PROTOCOL));
        // A varint length prefix that never ends.
        byte[] garbage = new byte[12];
        java.util.Arrays.fill(garbage, (byte) 0xff);
        await(stream.write(ByteBuffer.wrap(garbage)));
        assertThatThrownBy(() -> {
            ByteBuffer answer = await(stream.read());
            if (!answer.hasRemaining()) {
                throw new IllegalStateException("closed without an answer");
            }
        }).isNotNull();
        // The node still answers well-formed requests on a new stream.
        PeerStream ok = await(connection.openStream(TransportKadNetwork.PROTOCOL));
        await(KadStreams.write(ok, KadMessage.request(KadMessage.Type.PING, new byte[0])));
        ok.closeWrite();
        assertThat(await(KadStreams.read(ok))).get().extracting(KadMessage::type).isEqualTo(KadMessage.Type.PING);
        connection.close();
    }

    @Test
    void bootstrapPeersMustNameTheirPeerId() {
        assertThatThrownBy(() -> KadService.seeds(List.of("/ip4/127.0.0.1/tcp/4001"), null))
                .hasMessageContaining("has no /p2p/<peer-id>");
        assertThatThrownBy(() -> KadService.seeds(List.of("nonsense"), null))
                .hasMessageContaining("is not a multiaddr");
    }
}
