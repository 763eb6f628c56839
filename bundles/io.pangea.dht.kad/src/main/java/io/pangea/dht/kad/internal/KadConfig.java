package io.pangea.dht.kad.internal;

import java.time.Duration;

/**
 * Tuning of a Kademlia node; {@link #defaults()} follows the libp2p specification (k = 20, α = 3, provider records
 * kept 48 h and republished every 22 h).
 *
 * @param server whether the node answers queries and may be added to others' routing tables (client mode when false)
 */
public record KadConfig(int k, int alpha, Duration requestTimeout, Duration providerExpiry,
                        Duration providerRepublish, boolean server, int maxProviderKeys, int maxProvidersPerKey,
                        int maxValues) {
    public KadConfig {
        if (k < 1 || alpha < 1) {
            throw new IllegalArgumentException("k and alpha must be positive");
        }
    }

    public static KadConfig defaults() {
        return new KadConfig(20, 3, Duration.ofSeconds(10), Duration.ofHours(48), Duration.ofHours(22), true,
                100_000, 100, 10_000);
    }

    public KadConfig withRequestTimeout(Duration timeout) {
        return new KadConfig(k, alpha, timeout, providerExpiry, providerRepublish, server, maxProviderKeys,
                maxProvidersPerKey, maxValues);
    }

    public KadConfig withServer(boolean serverMode) {
        return new KadConfig(k, alpha, requestTimeout, providerExpiry, providerRepublish, serverMode,
                maxProviderKeys, maxProvidersPerKey, maxValues);
    }

    public KadConfig withProviderTimes(Duration expiry, Duration republish) {
        return new KadConfig(k, alpha, requestTimeout, expiry, republish, server, maxProviderKeys,
                maxProvidersPerKey, maxValues);
    }
}
