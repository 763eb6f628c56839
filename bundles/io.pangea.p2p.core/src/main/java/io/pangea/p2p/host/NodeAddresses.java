package io.pangea.p2p.host;

import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The addresses a transport announces in Identify: its own first, then those of the node's other transports, so a
 * peer that met the node over one transport can reach it over the others too (a node met over TCP is then dialed
 * over QUIC where that is preferred). Each transport keeps one, fed by its DS reference to the other transports.
 */
public final class NodeAddresses {
    private final List<Transport> others = new CopyOnWriteArrayList<>();

    public void add(Transport other) {
        others.add(other);
    }

    public void remove(Transport other) {
        others.remove(other);
    }

    /**
     * {@code own}, then the other transports' listen addresses without {@code /p2p} — except those naming another
     * peer (a transport configured with another key file), since Identify vouches for this peer only — without
     * duplicates, at most {@link IdentifyMessage#MAX_ADDRESSES} (all a peer reads).
     */
    public List<Multiaddr> announced(PeerId self, List<Multiaddr> own) {
        Set<Multiaddr> addresses = new LinkedHashSet<>(own);
        for (Transport transport : others) {
            List<String> listening;
            try {
                listening = transport.listenAddresses();
            } catch (RuntimeException e) {
                continue; // going away: it names nothing
            }
            for (String text : listening) {
                try {
                    Multiaddr address = Multiaddr.parse(text);
                    if (address.peerId().map(self::equals).orElse(true)) {
                        addresses.add(address.withoutPeer());
                    }
                } catch (RuntimeException e) {
                    // not an address this node can vouch for: left out
                }
            }
        }
        return new ArrayList<>(addresses).subList(0, Math.min(addresses.size(), IdentifyMessage.MAX_ADDRESSES));
    }
}
