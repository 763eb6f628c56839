package io.pangea.shell.internal;

import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.p2p.Cid;
import io.pangea.p2p.PeerId;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the DHT and identity commands share: key parsing, bounded waits and the peer table. */
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
