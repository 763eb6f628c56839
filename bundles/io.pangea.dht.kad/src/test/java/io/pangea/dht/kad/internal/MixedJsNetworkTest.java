package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Cid;
import io.pangea.transport.tcp.internal.JsKadPeer;
import io.pangea.transport.tcp.internal.TcpTransports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Kademlia network of 4 js-libp2p nodes ({@code @libp2p/kad-dht}, server mode) and 4 Pangea nodes on 127.0.0.1,
 * joined through two seeds (one of each): every key a js node provides is found from every Pangea node and every key
 * a Pangea node provides is found from every js node, each with exactly its provider.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MixedJsNetworkTest {
    private static final int NODES = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JS_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private final List<JsKadPeer> js = new ArrayList<>();
    private final List<Transport> transports = new ArrayList<>();
    private final List<KadService> pangea = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        pangea.forEach(KadService::close);
        transports.forEach(TcpTransports::stop);
        for (JsKadPeer peer : js) {
            peer.close();
        }
    }

    private KadService pangea(String name, List<String> bootstrap) throws Exception {
        Transport transport = TcpTransports.start(data.resolve(name).resolve("identity.key"));
        transports.add(transport);
        KadConfig config = KadConfig.defaults().withRequestTimeout(TIMEOUT).withServer(true);
        KadService service = new KadService(config, TIMEOUT, bootstrap, TcpTransports.leases(transport));
        pangea.add(service);
        service.handler().ifPresent(h -> TcpTransports.serve(transport, TransportKadNetwork.PROTOCOL, h));
        return service;
    }

    private static String address(KadService service) {
        KadPeer self = service.node().self();
        return self.addresses().get(0).withPeer(self.id()).toString();
    }

    private static String id(KadService service) {
        return service.node().self().id().toBase58();
    }

    private static void connect(JsKadPeer from, String address) throws Exception {
        from.call("{\"cmd\":\"connect\",\"addr\":\"" + address + "\"}", "connected", JS_WAIT);
    }

    /** Waits (bounded) until the js node's routing table holds at least {@code size} peers. */
    private static void awaitJsTable(JsKadPeer peer, int size) throws Exception {
        long deadline = System.nanoTime() + JS_WAIT.toNanos();
        String table;
        do {
            table = peer.call("{\"cmd\":\"routing-table\"}", "routing-table", JS_WAIT);
            if (JsKadPeer.list(table, "peers").size() >= size) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(peer.peerId() + " has fewer than " + size + " peers after " + JS_WAIT + ": " + table);
    }

    @Test
    void providersAreFoundAcrossImplementationsInBothDirections() throws Exception {
        for (int i = 0; i < NODES; i++) {
            js.add(JsKadPeer.start());
        }
        JsKadPeer jsSeed = js.get(0);
        KadService pangeaSeed = pangea("p0", List.of(jsSeed.address()));
        for (int i = 1; i < NODES; i++) {
            pangea("p" + i, List.of(address(pangeaSeed), jsSeed.address()));
        }
        // The js nodes join through both seeds; the js seed learns the Pangea seed by its connection.
        connect(jsSeed, address(pangeaSeed));
        for (int i = 1; i < NODES; i++) {
            connect(js.get(i), jsSeed.address());
            connect(js.get(i), address(pangeaSeed));
        }
        for (JsKadPeer peer : js) {
            awaitJsTable(peer, 2);
        }
        CompletableFuture.allOf(pangea.stream().map(KadService::bootstrap).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        for (KadService node : pangea) {
            assertThat(node.node().routingTable()).as("routing table of %s", id(node)).hasSizeGreaterThanOrEqualTo(2);
        }

        // One key per node, announced by that node.
        List<Cid> jsKeys = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Cid cid = Cid.ofText("provided by js node " + i);
            jsKeys.add(cid);
            js.get(i).call("{\"cmd\":\"provide\",\"cid\":\"" + cid + "\",\"timeout\":10000}", "provided", JS_WAIT);
        }
        List<Cid> pangeaKeys = new ArrayList<>();
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Cid cid = Cid.ofText("provided by pangea node " + i);
            pangeaKeys.add(cid);
            byte[] key = KadId.providerKey(cid);
            KadNode node = pangea.get(i).node();
            node.addRecordSource(k -> Arrays.equals(k, key));
            announcements.add(node.provide(key).toCompletableFuture());
        }
        CompletableFuture.allOf(announcements.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        // Pangea finds what js provides: 4 x 4 lookups, each with exactly the js provider.
        int found = 0;
        for (KadService node : pangea) {
            for (int i = 0; i < NODES; i++) {
                List<PeerInfo> providers = node.node().findProviders(KadId.providerKey(jsKeys.get(i)), 5)
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertThat(providers).as("providers of js key %d seen from %s", i, id(node))
                        .extracting(PeerInfo::peerId).containsExactly(js.get(i).peerId());
                assertThat(providers.get(0).addresses()).isNotEmpty();
                found++;
            }
        }
        // js finds what Pangea provides: 4 x 4 lookups, each naming the Pangea provider with an address.
        for (JsKadPeer peer : js) {
            for (int i = 0; i < NODES; i++) {
                String answer = peer.call("{\"cmd\":\"find-providers\",\"cid\":\"" + pangeaKeys.get(i)
                        + "\",\"timeout\":10000}", "providers", JS_WAIT);
                assertThat(JsKadPeer.list(answer, "providers")).as("providers of pangea key %d seen from js %s", i,
                        peer.peerId()).containsExactly(id(pangea.get(i)));
                String listening = pangea.get(i).node().self().addresses().get(0).toString();
                assertThat(JsKadPeer.list(answer, "addrs")).anySatisfy(a -> assertThat(a).startsWith(listening));
                found++;
            }
        }
        assertThat(found).isEqualTo(2 * NODES * NODES);
    }
}
