package io.pangea.shell.internal;

import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Service
@Command(scope = "pangea", name = "id", description = "Shows this node's peer id and the addresses the active "
        + "transport listens on.")
public class IdCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    PrintStream out;

    @Override
    public Object execute() {
        try (Lease<Transport> lease = DhtSupport.require(selector).lease(Transport.class)) {
            List<String> addresses = lease.provider().listenAddresses();
            Set<String> ids = new LinkedHashSet<>();
            for (String address : addresses) {
                Multiaddr.parse(address).peerId().ifPresent(id -> ids.add(id.toBase58()));
            }
            PrintStream target = out != null ? out : System.out;
            target.println("Peer id:   " + (ids.isEmpty() ? "(unknown: no listen address names it)"
                    : String.join(", ", ids)));
            target.println("Transport: " + lease.name());
            if (addresses.isEmpty()) {
                target.println("Listening: (nothing)");
            }
            addresses.forEach(a -> target.println("Listening: " + a));
        }
        return null;
    }
}
