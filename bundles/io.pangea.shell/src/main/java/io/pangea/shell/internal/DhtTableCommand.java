package io.pangea.shell.internal;

import io.pangea.api.dht.Dht;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.List;

@Service
@Command(scope = "pangea", name = "dht-table", description = "Shows the DHT routing table in bucket order "
        + "(closest buckets last), with the provider that serves the DHT.")
public class DhtTableCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    PrintStream out;

    @Override
    public Object execute() {
        try (Lease<Dht> dht = DhtSupport.require(selector).lease(Dht.class)) {
            List<PeerInfo> peers = dht.provider().routingTable();
            ShellTable table = new ShellTable();
            for (String column : List.of("#", "Peer", "Addresses")) {
                table.column(column);
            }
            for (int i = 0; i < peers.size(); i++) {
                PeerInfo peer = peers.get(i);
                table.addRow().addContent(Integer.toString(i + 1), peer.peerId(),
                        Integer.toString(peer.addresses().size()));
            }
            PrintStream target = out != null ? out : System.out;
            target.println("DHT: " + dht.name() + " (" + dht.codec() + "), " + peers.size() + " peer(s)");
            table.print(target);
        }
        return null;
    }
}
