package io.pangea.p2p.host;

import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.PeerId;

import java.util.Optional;

/** What every transport checks before it dials a multiaddr. */
public final class Dialing {
    private Dialing() {
    }

    /**
     * The peer the dialed address names with {@code /p2p/<id>}, which the handshake must then prove; empty when it
     * names none.
     *
     * @throws IllegalArgumentException when the id is malformed ({@code WireFormatException}) or is this node's own
     */
    public static Optional<PeerId> expectedPeer(Multiaddr address, PeerId self) {
        Optional<PeerId> expected = address.peerId();
        if (expected.isPresent() && expected.get().equals(self)) {
            throw new IllegalArgumentException("cannot dial this node itself: " + address);
        }
        return expected;
    }
}
