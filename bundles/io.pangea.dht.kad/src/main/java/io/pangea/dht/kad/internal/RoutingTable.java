package io.pangea.dht.kad.internal;

import io.pangea.p2p.PeerId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The Kademlia routing table: one bucket per common-prefix length with the local point, each holding at most
 * {@code k} peers in least-recently-seen order, plus a replacement cache of the same size.
 *
 * <p>Eviction follows the Kademlia paper: a peer seen again moves to the tail; a newcomer to a full bucket waits in
 * the replacement cache while the least-recently-seen peer is asked whether it is alive ({@link LivenessCheck}, a
 * PING over the network). If it answers it stays (moved to the tail); otherwise it is evicted and the freshest
 * replacement takes its place. One check per bucket runs at a time. Thread-safe.
 */
public final class RoutingTable {

    /** Asks whether a peer still answers; completes false (or exceptionally) if not. */
    @FunctionalInterface
    public interface LivenessCheck {
        CompletionStage<Boolean> isAlive(KadPeer peer);
    }

    private final KadId local;
    private final int k;
    private final LivenessCheck livenessCheck;
    private final Bucket[] buckets = new Bucket[KadId.BITS];

    public RoutingTable(KadId local, int k, LivenessCheck livenessCheck) {
        this.local = local;
        this.k = k;
        this.livenessCheck = livenessCheck;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket();
        }
    }

    /**
     * Records that {@code peer} was seen (it answered, or a server-mode peer queried us).
     *
     * @return true if it is in the table afterwards
     */
    public boolean seen(KadPeer peer) {
        int cpl = local.commonPrefixLength(peer.kadId());
        if (cpl == KadId.BITS) {
            return false; // ourselves
        }
        Bucket bucket = buckets[cpl];
        KadPeer toCheck;
        synchronized (this) {
            KadPeer known = bucket.peers.remove(peer.id());
            if (known != null || bucket.peers.size() < k) {
                bucket.peers.put(peer.id(), peer.mergedWith(known));
                bucket.replacements.remove(peer.id());
                return true;
            }
            bucket.replacements.remove(peer.id());
            bucket.replacements.put(peer.id(), peer);
            if (bucket.replacements.size() > k) {
                Iterator<PeerId> oldest = bucket.replacements.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            if (bucket.checking) {
                return false;
            }
            bucket.checking = true;
            toCheck = bucket.peers.values().iterator().next();
        }
        livenessCheck.isAlive(toCheck).whenComplete((alive, failure) -> {
            synchronized (this) {
                bucket.checking = false;
                if (failure == null && Boolean.TRUE.equals(alive)) {
                    if (bucket.peers.remove(toCheck.id()) != null) {
                        bucket.peers.put(toCheck.id(), toCheck);
                    }
                } else {
                    evict(bucket, toCheck.id());
                }
            }
        });
        return false;
    }

    /** Drops a peer that failed to answer, promoting the freshest replacement. */
    public synchronized void remove(PeerId peer) {
        KadId point = KadId.ofPeer(peer);
        evict(buckets[Math.min(local.commonPrefixLength(point), KadId.BITS - 1)], peer);
    }

    private void evict(Bucket bucket, PeerId peer) {
        bucket.replacements.remove(peer);
        if (bucket.peers.remove(peer) != null && !bucket.replacements.isEmpty()) {
            KadPeer freshest = null;
            for (KadPeer p : bucket.replacements.values()) {
                freshest = p;
            }
            bucket.replacements.remove(freshest.id());
            bucket.peers.put(freshest.id(), freshest);
        }
    }

    public synchronized boolean contains(PeerId peer) {
        KadId point = KadId.ofPeer(peer);
        int cpl = local.commonPrefixLength(point);
        return cpl < KadId.BITS && buckets[cpl].peers.containsKey(peer);
    }

    /** The {@code n} known peers closest to {@code target}, closest first. */
    public List<KadPeer> closest(int n, KadId target) {
        List<KadPeer> all = all();
        List<KadPeer> sorted = new ArrayList<>(all.size());
        sorted.addAll(all);
        sorted.sort(Comparator.comparing(p -> p.kadId().distanceTo(target)));
        return List.copyOf(sorted.subList(0, Math.min(n, sorted.size())));
    }

    /** Every peer, farthest bucket first (closest buckets last, as {@code Dht.routingTable()} promises). */
    public synchronized List<KadPeer> all() {
        List<KadPeer> out = new ArrayList<>();
        for (Bucket b : buckets) {
            out.addAll(b.peers.values());
        }
        return out;
    }

    public synchronized int size() {
        int n = 0;
        for (Bucket b : buckets) {
            n += b.peers.size();
        }
        return n;
    }

    /** The peers in bucket {@code cpl}, least recently seen first. */
    public synchronized List<KadPeer> bucket(int cpl) {
        return List.copyOf(buckets[cpl].peers.values());
    }

    public synchronized List<KadPeer> replacements(int cpl) {
        return List.copyOf(buckets[cpl].replacements.values());
    }

    /** The highest common-prefix length of a non-empty bucket, -1 if the table is empty. */
    public synchronized int deepestBucket() {
        for (int i = buckets.length - 1; i >= 0; i--) {
            if (!buckets[i].peers.isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    public KadId local() {
        return local;
    }

    public int k() {
        return k;
    }

    private static final class Bucket {
        final LinkedHashMap<PeerId, KadPeer> peers = new LinkedHashMap<>();
        final LinkedHashMap<PeerId, KadPeer> replacements = new LinkedHashMap<>();
        boolean checking;
    }
}
