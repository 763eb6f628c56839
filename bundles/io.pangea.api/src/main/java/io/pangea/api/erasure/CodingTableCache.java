package io.pangea.api.erasure;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used cache bounded by the bytes its values hold, for the expanded coding tables providers
 * keep per (K, M) and per erasure pattern. Values are built outside the lock: two threads may build the same
 * one, and one of them is kept.
 */
public final class CodingTableCache<K, V> {
    private final long budget;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    public CodingTableCache(long budget, ToLongFunction<V> weigher) {
        this.budget = budget;
        this.weigher = weigher;
    }

    public V get(K key, Function<? super K, ? extends V> build) {
        synchronized (this) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V built = build.apply(key);
        long size = weigher.applyAsLong(built);
        if (size > budget) {
            return built;
        }
        synchronized (this) {
            V raced = entries.putIfAbsent(key, built);
            if (raced != null) {
                return raced;
            }
            weight += size;
            Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
            while (weight > budget && eldest.hasNext()) {
                Map.Entry<K, V> entry = eldest.next();
                if (entry.getKey().equals(key)) {
                    continue;
                }
                weight -= weigher.applyAsLong(entry.getValue());
                eldest.remove();
            }
            return built;
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
