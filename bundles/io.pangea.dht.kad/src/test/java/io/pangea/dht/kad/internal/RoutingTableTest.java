package io.pangea.dht.kad.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingTableTest {
    private final Random random = new Random(42);
    private final KadPeer self = InMemoryKadNetwork.randomPeer(random);

    /** Peers that fall into bucket 0 (first bit differs from ours): half of all random peers. */
    private List<KadPeer> bucketZeroPeers(int n) {
        List<KadPeer> out = new ArrayList<>();
        while (out.size() < n) {
            KadPeer p = InMemoryKadNetwork.randomPeer(random);
            if (self.kadId().commonPrefixLength(p.kadId()) == 0) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void fullBucketKeepsLiveOldPeerAndCachesNewcomer() {
        List<KadPeer> checked = new ArrayList<>();
        RoutingTable table = new RoutingTable(self.kadId(), 3, p -> {
            checked.add(p);
            return CompletableFuture.completedFuture(true);
        });
        List<KadPeer> peers = bucketZeroPeers(4);
        peers.subList(0, 3).forEach(table::seen);
        assertThat(table.seen(peers.get(3))).isFalse();
        assertThat(checked).containsExactly(peers.get(0)); // least recently seen is pinged
        assertThat(table.bucket(0)).containsExactly(peers.get(1), peers.get(2), peers.get(0));
        assertThat(table.replacements(0)).containsExactly(peers.get(3));
    }

    @Test
    void deadOldPeerIsReplacedByNewcomer() {
        RoutingTable table = new RoutingTable(self.kadId(), 3, p -> CompletableFuture.completedFuture(false));
        List<KadPeer> peers = bucketZeroPeers(4);
        peers.subList(0, 3).forEach(table::seen);
        table.seen(peers.get(3));
        assertThat(table.bucket(0)).containsExactly(peers.get(1), peers.get(2), peers.get(3));
        assertThat(table.contains(peers.get(0).id())).isFalse();
    }

    @Test
    void onlyOneLivenessCheckPerBucketAtATime() {
        CompletableFuture<Boolean> pending = new CompletableFuture<>();
        List<KadPeer> checked = new ArrayList<>();
        RoutingTable table = new RoutingTable(self.kadId(), 2, p -> {
            checked.add(p);
            return pending;
        });
        List<KadPeer> peers = bucketZeroPeers(5);
        peers.forEach(table::seen);
        assertThat(checked).hasSize(1);
        pending.complete(false);
        assertThat(table.bucket(0)).containsExactly(peers.get(1), peers.get(4)); // freshest replacement promoted
    }

    @Test
    void seenAgainMovesToTailAndRemovePromotesReplacement() {
        RoutingTable table = new RoutingTable(self.kadId(), 2, p -> new CompletableFuture<>());
        List<KadPeer> peers = bucketZeroPeers(3);
        table.seen(peers.get(0));
        table.seen(peers.get(1));
        table.seen(peers.get(0));
        assertThat(table.bucket(0)).containsExactly(peers.get(1), peers.get(0));
        table.seen(peers.get(2));
        table.remove(peers.get(1).id());
        assertThat(table.bucket(0)).containsExactly(peers.get(0), peers.get(2));
        assertThat(table.replacements(0)).isEmpty();
    }

    @Test
    void selfIsNeverAdded() {
        RoutingTable table = new RoutingTable(self.kadId(), 20, p -> CompletableFuture.completedFuture(true));
        assertThat(table.seen(self)).isFalse();
        assertThat(table.size()).isZero();
        assertThat(table.deepestBucket()).isEqualTo(-1);
    }

    @Test
    void closestReturnsPeersByXorDistance() {
        RoutingTable table = new RoutingTable(self.kadId(), 20, p -> CompletableFuture.completedFuture(true));
        List<KadPeer> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            KadPeer p = InMemoryKadNetwork.randomPeer(random);
            if (table.seen(p)) {
                all.add(p);
            }
        }
        KadId target = KadId.ofKey("target".getBytes());
        List<KadPeer> expected = all.stream()
                .sorted(Comparator.comparing(p -> p.kadId().distanceTo(target))).limit(5).toList();
        assertThat(table.closest(5, target)).containsExactlyElementsOf(expected);
        assertThat(table.size()).isEqualTo(all.size());
        assertThat(table.bucket(0)).hasSize(20); // ~100 candidates, capped at k
    }
}
