package io.pangea.dht.kad.internal;

import io.pangea.p2p.PeerId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provider records other peers announced to this node (ADD_PROVIDER), each kept for {@code expiry} (48 h by default,
 * as the specification recommends) unless re-announced. Bounded: at most {@code maxProvidersPerKey} providers per key
 * (the oldest announcement goes first) and {@code maxKeys} keys. This node's own shards are not stored here: they are
 * answered from {@link io.pangea.api.dht.ProviderRecordSource}s.
 */
public final class ProviderStore {
    private final Clock clock;
    private final Duration expiry;
    private final int maxKeys;
    private final int maxProvidersPerKey;
    private final Map<ByteKey, LinkedHashMap<PeerId, Entry>> records = new ConcurrentHashMap<>();

    private record Entry(KadPeer provider, Instant expires) {
    }

    public ProviderStore(Clock clock, Duration expiry, int maxKeys, int maxProvidersPerKey) {
        this.clock = clock;
        this.expiry = expiry;
        this.maxKeys = maxKeys;
        this.maxProvidersPerKey = maxProvidersPerKey;
    }

    /** @return false if the store is full of other keys */
    public boolean add(byte[] key, KadPeer provider) {
        ByteKey k = new ByteKey(key);
        if (!records.containsKey(k) && records.size() >= maxKeys) {
            sweep();
            if (records.size() >= maxKeys) {
                return false;
            }
        }
        Instant expires = clock.instant().plus(expiry);
        records.compute(k, (key0, providers) -> {
            LinkedHashMap<PeerId, Entry> map = providers == null ? new LinkedHashMap<>() : providers;
            map.remove(provider.id());
            map.put(provider.id(), new Entry(provider, expires));
            while (map.size() > maxProvidersPerKey) {
                map.remove(map.keySet().iterator().next());
            }
            return map;
        });
        return true;
    }

    /** The unexpired providers of {@code key}, most recently announced last. */
    public List<KadPeer> providers(byte[] key) {
        Instant now = clock.instant();
        List<KadPeer> out = new ArrayList<>();
        records.computeIfPresent(new ByteKey(key), (k, map) -> {
            map.values().removeIf(e -> !e.expires().isAfter(now));
            map.values().forEach(e -> out.add(e.provider()));
            return map.isEmpty() ? null : map;
        });
        return out;
    }

    /** Drops expired records; run periodically. */
    public void sweep() {
        Instant now = clock.instant();
        for (ByteKey k : List.copyOf(records.keySet())) {
            records.computeIfPresent(k, (key, map) -> {
                map.values().removeIf(e -> !e.expires().isAfter(now));
                return map.isEmpty() ? null : map;
            });
        }
    }

    public int keyCount() {
        return records.size();
    }
}
