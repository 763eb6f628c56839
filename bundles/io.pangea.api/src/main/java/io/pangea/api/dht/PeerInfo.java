package io.pangea.api.dht;

import java.util.List;

/** A peer id (base58btc) and the multiaddrs it is known at. */
public record PeerInfo(String peerId, List<String> addresses) {
    public PeerInfo {
        addresses = List.copyOf(addresses);
    }
}
