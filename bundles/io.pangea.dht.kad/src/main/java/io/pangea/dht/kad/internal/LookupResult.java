package io.pangea.dht.kad.internal;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an iterative lookup.
 *
 * @param closest   the closest peers that answered, closest first (at most k)
 * @param providers providers found (GET_PROVIDERS)
 * @param value     the value found (GET_VALUE)
 * @param hops      the round in which the answer was found: for GET_PROVIDERS/GET_VALUE the hop depth of the peer that
 *                  returned it (a peer from the local table is hop 1, a peer it named hop 2, …; 0 if answered
 *                  locally), for FIND_NODE the depth of the closest peer
 * @param queried   requests that got a response
 * @param failed    requests that failed or timed out
 */
public record LookupResult(List<KadPeer> closest, List<KadPeer> providers, Optional<byte[]> value, int hops,
                           int queried, int failed) {
    public LookupResult {
        closest = List.copyOf(closest);
        providers = List.copyOf(providers);
    }

    public boolean found() {
        return !providers.isEmpty() || value.isPresent();
    }
}
