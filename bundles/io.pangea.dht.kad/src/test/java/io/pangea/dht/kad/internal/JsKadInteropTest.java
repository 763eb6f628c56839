package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Cid;
import io.pangea.p2p.Multiaddr;
import io.pangea.transport.tcp.internal.JsKadPeer;
import io.pangea.transport.tcp.internal.TcpTransports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kademlia interoperability with js-libp2p's {@code @libp2p/kad-dht} (server mode, loopback addresses kept) over
 * the TCP transport on 127.0.0.1: FIND_NODE, GET_PROVIDERS and ADD_PROVIDER in both directions.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class JsKadInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JS_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    private JsKadPeer js;
    private final List<Transport> transports = new ArrayList<>();
    private final List<KadService> services = new ArrayList<>();

    @BeforeEach
    void startJs() throws Exception {
        js = JsKadPeer.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        services.forEach(KadService::close);
        transports.forEach(TcpTransports::stop);
        if (js != null) {
            js.close();
        }
    }


    private KadService pangea(String name, String... bootstrap) throws Exception {
        Transport transport = TcpTransports.start(data.resolve(name).resolve("identity.key"));
        transports.add(transport);
        KadConfig config = KadConfig.defaults().withRequestTimeout(TIMEOUT).withServer(true);
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
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private KadPeer jsPeer() {
        Multiaddr address = Multiaddr.parse(js.address());
        return new KadPeer(address.peerId().orElseThrow(), List.of(address.withoutPeer()));
    }

    /** Waits (bounded) until the js node's routing table holds {@code peerId}: it adds kad peers after identify. */
    private void awaitJsRoutingTableHolds(String peerId) throws Exception {
        long deadline = System.nanoTime() + JS_WAIT.toNanos();
        String table;
        do {
            table = js.call("{\"cmd\":\"routing-table\"}", "routing-table", JS_WAIT);
            if (JsKadPeer.list(table, "peers").contains(peerId)) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the js node did not add " + peerId + " to its routing table within " + JS_WAIT
                + ": " + table);
    }

    @Test
    void pangeaRunsFindNodeAgainstJsAndBootstrapsFromIt() throws Exception {
        KadService pangea = pangea("p", js.address());
        byte[] target = Cid.ofText("somewhere in the keyspace").multihash().bytes();

        KadMessage answer = await(pangea.node().query(jsPeer(), KadMessage.request(KadMessage.Type.FIND_NODE,
                target)));

        assertThat(answer.type()).isEqualTo(KadMessage.Type.FIND_NODE);
        assertThat(answer.closerPeers()).allSatisfy(p -> assertThat(p.id()).isNotNull());
        // The js node learned Pangea (identify lists /ipfs/kad/1.0.0) and now returns it as a closer peer.
        awaitJsRoutingTableHolds(pangea.node().self().id().toBase58());
        await(pangea.bootstrap());
        assertThat(pangea.node().routingTable()).extracting(PeerInfo::peerId).contains(js.peerId());
        // A second Pangea node joins through js; js's FIND_NODE answer to the first now names it, with an address
        // (js leaves the requester itself out, as Kademlia does).
        KadService other = pangea("q", js.address());
        await(other.bootstrap());
        awaitJsRoutingTableHolds(other.node().self().id().toBase58());
        KadMessage again = await(pangea.node().query(jsPeer(), KadMessage.request(KadMessage.Type.FIND_NODE,
                target)));
        assertThat(again.closerPeers()).anySatisfy(p -> {
            assertThat(p.id()).isEqualTo(other.node().self().id());
            assertThat(p.multiaddrs()).contains(other.node().self().addresses().get(0));
        });
    }

    @Test
    void jsFindsPangeaAsProvider() throws Exception {
        KadService pangea = pangea("p");
        Cid cid = Cid.ofText("provided by pangea");
        byte[] key = KadId.providerKey(cid);
        // Pangea names itself as provider only for keys a record source vouches for (routing/storage split).
        pangea.node().addRecordSource(k -> java.util.Arrays.equals(k, key));
        await(pangea.node().provide(key));

        js.call("{\"cmd\":\"connect\",\"addr\":\"" + address(pangea) + "\"}", "connected", JS_WAIT);
        awaitJsRoutingTableHolds(pangea.node().self().id().toBase58());
        String found = js.call("{\"cmd\":\"find-providers\",\"cid\":\"" + cid + "\",\"timeout\":10000}",
                "providers", JS_WAIT);

        assertThat(JsKadPeer.list(found, "providers")).containsExactly(pangea.node().self().id().toBase58());
        assertThat(JsKadPeer.list(found, "addrs")).anySatisfy(a -> assertThat(a).startsWith(
                pangea.node().self().addresses().get(0).toString()));
    }

    @Test
    void pangeaFindsJsAsProvider() throws Exception {
        KadService pangea = pangea("p", js.address());
        await(pangea.bootstrap());
        awaitJsRoutingTableHolds(pangea.node().self().id().toBase58());
        Cid cid = Cid.ofText("provided by js-libp2p");

        js.call("{\"cmd\":\"provide\",\"cid\":\"" + cid + "\",\"timeout\":10000}", "provided", JS_WAIT);
        List<PeerInfo> found = await(pangea.node().findProviders(KadId.providerKey(cid), 5));

        assertThat(found).extracting(PeerInfo::peerId).containsExactly(js.peerId());
        assertThat(found.get(0).addresses()).anySatisfy(a -> assertThat(js.address()).startsWith(a));
    }

    @Test
    void jsFindsAPeerThatOnlyPangeaKnows() throws Exception {
        KadService q = pangea("q");
        KadService p = pangea("p", address(q));
        await(p.bootstrap());
        assertThat(p.node().routingTable()).extracting(PeerInfo::peerId).contains(q.node().self().id().toBase58());

        js.call("{\"cmd\":\"connect\",\"addr\":\"" + address(p) + "\"}", "connected", JS_WAIT);
        awaitJsRoutingTableHolds(p.node().self().id().toBase58());
        String found = js.call("{\"cmd\":\"find-peer\",\"peerId\":\"" + q.node().self().id().toBase58()
                + "\",\"timeout\":10000}", "peer-found", JS_WAIT);

        assertThat(JsKadPeer.field(found, "peerId")).isEqualTo(q.node().self().id().toBase58());
        assertThat(JsKadPeer.list(found, "addrs")).anySatisfy(a -> assertThat(a).startsWith(
                q.node().self().addresses().get(0).toString()));
    }
}
