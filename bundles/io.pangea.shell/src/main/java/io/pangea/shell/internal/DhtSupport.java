package io.pangea.shell.internal;

import io.pangea.api.Capability;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Cid;
import io.pangea.p2p.PeerId;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the DHT, identity and connection commands share: key parsing, bounded waits, the node's transports. */
final class DhtSupport {
    static final int DEFAULT_TIMEOUT_SECONDS = 60;

    private DhtSupport() {
    }

    static ProviderSelector require(ProviderSelector selector) {
        if (selector == null) {
            throw new IllegalStateException("no provider selector is running (is bundle io.pangea.selector started?)");
        }
        return selector;
    }

    /** A CID as given, or any other text hashed into a CIDv1 raw. */
    static Cid key(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a key is required: a CID, or text to hash into one");
        }
        return Cid.ofText(text);
    }

    static String peerId(String text) {
        try {
            return PeerId.parse(text).toBase58();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a peer id: '" + text + "' (" + e.getMessage() + ")");
        }
    }

    /** The result of an asynchronous DHT operation, waiting at most {@code seconds}. */
    static <T> T await(CompletionStage<T> stage, int seconds, String what) throws Exception {
        if (seconds < 1) {
            throw new IllegalArgumentException("the timeout must be at least 1 second");
        }
        try {
            return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + seconds + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
        }
    }

    /** A transport provider of the node, leased for one command. */
    record NodeTransport(String name, boolean active, Lease<Transport> lease, String unavailable) {
        Optional<Transport> transport() {
            return Optional.ofNullable(lease).map(Lease::provider);
        }
    }

    /**
     * Every transport provider the selector knows, the active one first, each eligible one leased by its codec (the
     * API's way to reach a provider that is not the active one); ineligible ones come with their reasons and no
     * lease. Close the result to release the leases.
     */
    static Transports transports(ProviderSelector selector) {
        List<NodeTransport> found = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try {
            try {
                Lease<Transport> active = selector.lease(Transport.class);
                names.add(active.name());
                found.add(new NodeTransport(active.name(), true, active, null));
            } catch (NoProviderException e) {
                // no active transport: the others may still be listed
            }
            for (ProviderStatus status : selector.providers(Capability.TRANSPORT)) {
                if (names.contains(status.provider())) {
                    continue;
                }
                if (!status.eligible()) {
                    names.add(status.provider());
                    found.add(new NodeTransport(status.provider(), false, null, String.join("; ", status.reasons())));
                    continue;
                }
                try {
                    Lease<Transport> lease = selector.lease(Transport.class, status.codec());
                    if (lease.name().equals(status.provider())) {
                        names.add(status.provider());
                        found.add(new NodeTransport(status.provider(), false, lease, null));
                    } else {
                        lease.close(); // another provider shares the codec and wins it; this one cannot be reached
                    }
                } catch (NoProviderException e) {
                    // it left meanwhile
                }
            }
        } catch (RuntimeException e) {
            new Transports(found).close();
            throw e;
        }
        return new Transports(found);
    }

    /** The leased transports of one command. */
    record Transports(List<NodeTransport> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(t -> {
                if (t.lease() != null) {
                    t.lease().close();
                }
            });
        }
    }

    static void printPeers(List<PeerInfo> peers, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Peer");
        table.column("Addresses");
        for (PeerInfo peer : peers) {
            table.addRow().addContent(peer.peerId(), String.join(" ", peer.addresses()));
        }
        table.print(out);
    }
}
