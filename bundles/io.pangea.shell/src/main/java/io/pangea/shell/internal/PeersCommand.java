package io.pangea.shell.internal;

import io.pangea.api.dht.Dht;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;

@Service
@Command(scope = "pangea", name = "peers", description = "Lists the peers in the DHT routing table.")
public class PeersCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    PrintStream out;

    @Override
    public Object execute() {
        try (Lease<Dht> dht = DhtSupport.require(selector).lease(Dht.class)) {
            var peers = dht.provider().routingTable();
            PrintStream target = out != null ? out : System.out;
            DhtSupport.printPeers(peers, target);
            target.println(peers.size() + " peer(s)");
        }
        return null;
    }
}
