package io.pangea.p2p.host;

import io.pangea.api.guard.Guard;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;

import java.net.InetSocketAddress;

/** How every transport asks the node's guard, whichever is active, about a new source before decoding its bytes. */
public final class NodeGuard {
    private NodeGuard() {
    }

    /**
     * Whether the active guard admits {@code remote} to the node's {@code localPort}; {@code true} when there is no
     * selector or no guard installed, since then there is nothing to enforce.
     */
    public static boolean admits(ProviderSelector selector, InetSocketAddress remote, int localPort) {
        if (selector == null) {
            return true;
        }
        try (Lease<Guard> guard = selector.lease(Guard.class)) {
            return guard.provider().admits(remote, localPort);
        } catch (NoProviderException e) {
            return true;
        }
    }
}
