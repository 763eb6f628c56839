package io.pangea.api.dht;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Peer and provider discovery over a Kademlia DHT. Keys are raw bytes (a CID or multihash). */
@ProviderType
public interface Dht {

    /** Announces that this node provides {@code key}, and keeps announcing it until {@link #unprovide}. */
    CompletionStage<Void> provide(byte[] key);

    void unprovide(byte[] key);

    CompletionStage<List<PeerInfo>> findProviders(byte[] key, int limit);

    CompletionStage<Optional<PeerInfo>> findPeer(String peerId);

    CompletionStage<Void> putValue(byte[] key, byte[] value);

    CompletionStage<Optional<byte[]>> getValue(byte[] key);

    /** The peers in the routing table, closest buckets last. */
    List<PeerInfo> routingTable();
}
