package io.pangea.shell.internal;

import io.pangea.api.dht.Dht;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.p2p.Cid;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;
import java.util.List;

@Service
@Command(scope = "pangea", name = "dht-find-providers", description = "Finds the peers that provide a key "
        + "(a CID, or any text, hashed into a CIDv1 raw).")
public class DhtFindProvidersCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    @Argument(index = 0, name = "key", required = true, description = "A CID, or text to hash into one")
    String key;

    @Option(name = "--limit", description = "At most this many providers")
    int limit = 20;

    @Option(name = "--timeout", description = "Seconds to wait for the lookup")
    int timeoutSeconds = DhtSupport.DEFAULT_TIMEOUT_SECONDS;

    PrintStream out;

    @Override
    public Object execute() throws Exception {
        Cid cid = DhtSupport.key(key);
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        List<PeerInfo> providers;
        try (Lease<Dht> dht = DhtSupport.require(selector).lease(Dht.class)) {
            providers = DhtSupport.await(dht.provider().findProviders(cid.bytes(), limit), timeoutSeconds,
                    "finding providers of " + cid);
        }
        PrintStream target = out != null ? out : System.out;
        if (providers.isEmpty()) {
            target.println("no providers of " + cid);
        } else {
            DhtSupport.printPeers(providers, target);
        }
        return null;
    }
}
