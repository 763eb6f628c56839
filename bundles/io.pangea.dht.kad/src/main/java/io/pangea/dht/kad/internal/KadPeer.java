package io.pangea.dht.kad.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.util.List;
import java.util.Objects;

/** A DHT participant: peer id, addresses, and its keyspace point (computed once). */
public final class KadPeer {
    /** Addresses kept per peer when what is learned is merged: enough for a few transports and families. */
    static final int MAX_ADDRESSES = 8;
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

    /**
     * This peer with its fresh addresses first, then those of {@code older} it no longer names (a peer seen over one
     * transport announces only that transport's addresses there, and the others must not be forgotten), at most
     * {@value #MAX_ADDRESSES}.
     */
    public KadPeer mergedWith(KadPeer older) {
        if (older == null || older == this || !older.id.equals(id) || addresses.containsAll(older.addresses)) {
            return this;
        }
        java.util.LinkedHashSet<Multiaddr> merged = new java.util.LinkedHashSet<>(addresses);
        merged.addAll(older.addresses);
        return new KadPeer(id, merged.stream().limit(MAX_ADDRESSES).toList());
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
