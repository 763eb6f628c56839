package io.pangea.shell.internal;

import io.pangea.api.dht.Dht;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Cid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DhtCommandsTest {
    private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String OTHER = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";

    private final Output output = new Output();
    private final FakeDht dht = new FakeDht();
    private final Transport transport = new Transport() {
        @Override
        public List<String> listenAddresses() {
            return List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
        }

        @Override
        public boolean supports(String multiaddr) {
            return true;
        }

        @Override
        public List<PeerConnection> connections() {
            return List.of();
        }

        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }
    };
    private final LeasingSelector selector = new LeasingSelector().offer(Dht.class, dht, "kad", "kad-1.0.0")
            .offer(Transport.class, transport, "tcp", "libp2p-tcp");

    /** Records what was asked; answers with what the test put in. */
    static final class FakeDht implements Dht {
        final List<byte[]> provided = new ArrayList<>();
        List<PeerInfo> providers = List.of();
        List<PeerInfo> table = List.of();
        Optional<PeerInfo> peer = Optional.empty();
        CompletableFuture<Void> provideResult = CompletableFuture.completedFuture(null);

        @Override
        public CompletionStage<Void> provide(byte[] key) {
            provided.add(key);
            return provideResult;
        }

        @Override
        public void unprovide(byte[] key) {
        }

        @Override
        public CompletionStage<List<PeerInfo>> findProviders(byte[] key, int limit) {
            return CompletableFuture.completedFuture(providers);
        }

        @Override
        public CompletionStage<Optional<PeerInfo>> findPeer(String peerId) {
            return CompletableFuture.completedFuture(peer.filter(p -> p.peerId().equals(peerId)));
        }

        @Override
        public CompletionStage<Void> putValue(byte[] key, byte[] value) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Optional<byte[]>> getValue(byte[] key) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public List<PeerInfo> routingTable() {
            return table;
        }
    }

    @Test
    void idShowsThePeerIdAndListenAddresses() {
        IdCommand command = new IdCommand();
        command.selector = selector;
        command.out = output.stream;
        command.execute();
        assertThat(output.lines().get(0)).isEqualTo("Peer id: " + PEER);
        assertThat(output.rows()).containsExactly(List.of("Transport", "Active", "Listening on"),
                List.of("tcp", "*", "/ip4/127.0.0.1/tcp/4001/p2p/" + PEER));
    }

    @Test
    void provideHashesTextIntoACidAndPassesCidsThrough() throws Exception {
        DhtProvideCommand command = new DhtProvideCommand();
        command.selector = selector;
        command.out = output.stream;
        command.key = "hello";
        command.execute();
        Cid cid = Cid.ofText("hello");
        command.key = cid.toString();
        command.execute();
        assertThat(dht.provided).hasSize(2).allSatisfy(k -> assertThat(k).isEqualTo(cid.bytes()));
        assertThat(cid.codec()).isEqualTo(Cid.RAW);
        assertThat(output.lines()).containsExactly("providing " + cid, "providing " + cid);
    }

    @Test
    void provideReportsAFailedOrSlowAnnouncement() {
        DhtProvideCommand command = new DhtProvideCommand();
        command.selector = selector;
        command.key = "x";
        dht.provideResult = CompletableFuture.failedFuture(new IllegalStateException("no peers"));
        assertThatThrownBy(command::execute).hasMessageContaining("failed: no peers");
        dht.provideResult = new CompletableFuture<>();
        command.timeoutSeconds = 1;
        assertThatThrownBy(command::execute).hasMessageContaining("did not finish within 1 s");
    }

    @Test
    void findProvidersPrintsThePeersOrSaysNone() throws Exception {
        DhtFindProvidersCommand command = new DhtFindProvidersCommand();
        command.selector = selector;
        command.out = output.stream;
        command.key = "hello";
        command.execute();
        dht.providers = List.of(new PeerInfo(OTHER, List.of("/ip4/10.0.0.2/tcp/4001")));
        command.execute();
        assertThat(output.lines().get(0)).isEqualTo("no providers of " + Cid.ofText("hello"));
        assertThat(output.rows()).containsExactly(List.of("Peer", "Addresses"),
                List.of(OTHER, "/ip4/10.0.0.2/tcp/4001"));
    }

    @Test
    void findPeerChecksThePeerId() throws Exception {
        DhtFindPeerCommand command = new DhtFindPeerCommand();
        command.selector = selector;
        command.out = output.stream;
        command.peer = "not-a-peer";
        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a peer id: 'not-a-peer'");
        command.peer = OTHER;
        command.execute();
        dht.peer = Optional.of(new PeerInfo(OTHER, List.of("/ip4/10.0.0.2/tcp/4001")));
        command.execute();
        assertThat(output.lines().get(0)).isEqualTo("peer " + OTHER + " not found");
        assertThat(output.rows()).contains(List.of(OTHER, "/ip4/10.0.0.2/tcp/4001"));
    }

    @Test
    void tableListsTheRoutingTable() {
        dht.table = List.of(new PeerInfo(OTHER, List.of("/ip4/10.0.0.2/tcp/4001", "/ip4/10.0.0.3/tcp/4001")));
        DhtTableCommand table = new DhtTableCommand();
        table.selector = selector;
        table.out = output.stream;
        table.execute();
        assertThat(output.rows()).containsExactly(List.of("#", "Peer", "Addresses"), List.of("1", OTHER, "2"));
        assertThat(output.lines()).contains("DHT: kad (kad-1.0.0), 1 peer(s)");
    }

    @Test
    void missingServicesAndKeysAreClearErrors() {
        PeersCommand peers = new PeersCommand();
        assertThatThrownBy(peers::execute).hasMessageContaining("no provider selector is running");
        DhtTableCommand table = new DhtTableCommand();
        table.selector = new LeasingSelector();
        assertThatThrownBy(table::execute).isInstanceOf(NoProviderException.class)
                .hasMessageContaining("no eligible provider of Dht");
        IdCommand id = new IdCommand();
        id.selector = new LeasingSelector();
        assertThatThrownBy(id::execute).hasMessageContaining("no transport is registered");
        DhtProvideCommand provide = new DhtProvideCommand();
        provide.selector = selector;
        provide.key = " ";
        assertThatThrownBy(provide::execute).hasMessageContaining("a key is required");
        assertThat(Arrays.asList(dht.provided.toArray())).isEmpty();
    }
}
