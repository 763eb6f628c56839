package io.pangea.shell.internal;

import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@Service
@Command(scope = "pangea", name = "id", description = "Shows this node's peer id and the addresses every transport "
        + "listens on; the active transport is marked with *.")
public class IdCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    PrintStream out;

    @Override
    public Object execute() {
        PrintStream target = out != null ? out : System.out;
        Set<String> ids = new LinkedHashSet<>();
        ShellTable table = new ShellTable();
        for (String column : List.of("Transport", "Active", "Listening on")) {
            table.column(column);
        }
        try (DhtSupport.Transports transports = DhtSupport.transports(DhtSupport.require(selector))) {
            if (transports.all().isEmpty()) {
                throw new IllegalStateException("no transport is registered (install pangea-transport-tcp or "
                        + "pangea-transport-quic)");
            }
            for (DhtSupport.NodeTransport node : transports.all()) {
                String active = node.active() ? "*" : "";
                Optional<Transport> transport = node.transport();
                List<String> addresses = transport.map(Transport::listenAddresses).orElse(List.of());
                if (transport.isEmpty()) {
                    table.addRow().addContent(node.name(), active, "(unavailable: " + node.unavailable() + ")");
                } else if (addresses.isEmpty()) {
                    table.addRow().addContent(node.name(), active, "(nothing)");
                }
                for (String address : addresses) {
                    table.addRow().addContent(node.name(), active, address);
                    try {
                        Multiaddr.parse(address).peerId().ifPresent(id -> ids.add(id.toBase58()));
                    } catch (RuntimeException e) {
                        // shown as the transport gave it; it just names no id
                    }
                }
            }
        }
        target.println("Peer id: " + (ids.isEmpty() ? "(unknown: no listen address names it)"
                : String.join(", ", ids)));
        table.print(target);
        return null;
    }
}
