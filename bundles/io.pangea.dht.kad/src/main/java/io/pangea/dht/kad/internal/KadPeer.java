package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.util.List;
import java.util.Objects;

/** A DHT participant: peer id, addresses, and its keyspace point (computed once). */
public final class KadPeer {
    private final PeerId id;
    private final List<Multiaddr> addresses;
    private final KadId kadId;

    public KadPeer(PeerId id, List<Multiaddr> addresses) {
        this.id = Objects.requireNonNull(id, "id");
        this.addresses = List.copyOf(addresses);
        this.kadId = KadId.ofPeer(id);
    }

    public PeerId id() {
        return id;
    }

    public List<Multiaddr> addresses() {
        return addresses;
    }

    public KadId kadId() {
        return kadId;
    }

    public PeerInfo toPeerInfo() {
        return new PeerInfo(id.toBase58(), addresses.stream().map(Multiaddr::toString).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadPeer p && id.equals(p.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
