package io.pangea.shell.internal;

import io.pangea.api.dht.Dht;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

@Service
@Command(scope = "pangea", name = "dht-find-peer", description = "Looks up a peer's addresses in the DHT.")
public class DhtFindPeerCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    @Argument(index = 0, name = "peer-id", required = true, description = "The peer id (base58btc or CID)")
    String peer;

    @Option(name = "--timeout", description = "Seconds to wait for the lookup")
    int timeoutSeconds = DhtSupport.DEFAULT_TIMEOUT_SECONDS;

    PrintStream out;

    @Override
    public Object execute() throws Exception {
        String id = DhtSupport.peerId(peer);
        Optional<PeerInfo> found;
        try (Lease<Dht> dht = DhtSupport.require(selector).lease(Dht.class)) {
            found = DhtSupport.await(dht.provider().findPeer(id), timeoutSeconds, "finding peer " + id);
        }
        PrintStream target = out != null ? out : System.out;
        if (found.isEmpty()) {
            target.println("peer " + id + " not found");
        } else {
            DhtSupport.printPeers(List.of(found.get()), target);
        }
        return null;
    }
}
