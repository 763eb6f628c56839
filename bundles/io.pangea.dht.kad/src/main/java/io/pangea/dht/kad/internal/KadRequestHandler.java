package io.pangea.dht.kad.internal;

import io.pangea.api.dht.ProviderRecordSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers inbound {@code /ipfs/kad/1.0.0} requests (server mode only).
 *
 * <p>Every answer carries the k peers closest to the key that this node knows, except the requester. GET_PROVIDERS
 * adds the providers announced to this node and, following the routing/storage split, this node itself when one of
 * the {@link ProviderRecordSource}s says it really holds the key. ADD_PROVIDER is accepted only for the sender
 * itself (a peer cannot announce others) and has no response. PUT_VALUE is validated and echoed; PING is echoed.
 * A requester in server mode is recorded in the routing table; a client-mode requester is not.
 */
public final class KadRequestHandler {
    private final Supplier<KadPeer> self;
    private final RoutingTable table;
    private final ProviderStore providers;
    private final ValueStore values;
    private final Supplier<List<ProviderRecordSource>> sources;

    /** @param self this node, with the addresses it has now (they change with its transports) */
    public KadRequestHandler(Supplier<KadPeer> self, RoutingTable table, ProviderStore providers, ValueStore values,
                             Supplier<List<ProviderRecordSource>> sources) {
        this.self = self;
        this.table = table;
        this.providers = providers;
        this.values = values;
        this.sources = sources;
    }

    /**
     * @param from       the authenticated remote peer (the secure channel's identity)
     * @param fromServer whether the remote peer advertises {@code /ipfs/kad/1.0.0} itself (Identify)
     * @return the response; empty for ADD_PROVIDER
     * @throws IllegalArgumentException for an invalid request (the transport resets the stream)
     */
    public Optional<KadMessage> handle(KadPeer from, boolean fromServer, KadMessage request) {
        if (fromServer) {
            table.seen(from);
        }
        byte[] key = request.key();
        return switch (request.type()) {
            case PING -> Optional.of(KadMessage.request(KadMessage.Type.PING, new byte[0]));
            case FIND_NODE -> Optional.of(KadMessage.request(KadMessage.Type.FIND_NODE, key)
                    .withCloserPeers(closer(key, from)));
            case GET_PROVIDERS -> {
                requireKey(key);
                List<KadMessage.Peer> found = new ArrayList<>();
                if (holdsLocally(key)) {
                    found.add(KadMessage.Peer.of(self.get()));
                }
                providers.providers(key).forEach(p -> found.add(KadMessage.Peer.of(p)));
                yield Optional.of(KadMessage.request(KadMessage.Type.GET_PROVIDERS, key)
                        .withProviderPeers(found.subList(0, Math.min(found.size(), KadMessage.MAX_PEERS)))
                        .withCloserPeers(closer(key, from)));
            }
            case ADD_PROVIDER -> {
                requireKey(key);
                for (KadMessage.Peer p : request.providerPeers()) {
                    if (p.id().equals(from.id())) {
                        List<io.pangea.p2p.Multiaddr> addrs = p.multiaddrs();
                        providers.add(key, addrs.isEmpty() ? from : new KadPeer(from.id(), addrs));
                    }
                }
                yield Optional.empty();
            }
            case GET_VALUE -> {
                requireKey(key);
                KadMessage response = KadMessage.request(KadMessage.Type.GET_VALUE, key)
                        .withCloserPeers(closer(key, from));
                yield Optional.of(values.get(key).map(response::withRecord).orElse(response));
            }
            case PUT_VALUE -> {
                KadMessage.Record record = request.record();
                if (record == null || !Arrays.equals(record.key(), key)) {
                    throw new IllegalArgumentException("PUT_VALUE without a record for its key");
                }
                values.put(key, record.value());
                yield Optional.of(request);
            }
        };
    }

    /** Whether a whiteboard record source says this node holds {@code key}. */
    public boolean holdsLocally(byte[] key) {
        for (ProviderRecordSource source : sources.get()) {
            try {
                if (source.holds(key)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a failing source must not break the DHT; it just does not vouch for the key
            }
        }
        return false;
    }

    private List<KadMessage.Peer> closer(byte[] key, KadPeer requester) {
        return table.closest(table.k() + 1, KadId.ofKey(key)).stream()
                .filter(p -> !p.equals(requester))
                .limit(table.k())
                .map(KadMessage.Peer::of)
                .toList();
    }

    private static void requireKey(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("request without a key");
        }
    }
}
