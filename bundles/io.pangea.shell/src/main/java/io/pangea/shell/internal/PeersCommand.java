package io.pangea.shell.internal;

import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.ConnectionQuality;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@Service
@Command(scope = "pangea", name = "peers", description = "Lists the open connections of every transport: peer, "
        + "transport, direction, remote address, agent, and how the peer answers pings (latency, jitter, loss; "
        + "'-' before the first ping). The DHT routing table is pangea:dht-table.")
public class PeersCommand implements Action {
    static final String UNKNOWN = "-";

    @Reference(optional = true)
    ProviderSelector selector;

    PrintStream out;

    @Override
    public Object execute() {
        PrintStream target = out != null ? out : System.out;
        ShellTable table = new ShellTable();
        for (String column : List.of("Peer", "Transport", "Dir", "Remote address", "Agent", "Latency", "Jitter",
                "Loss")) {
            table.column(column);
        }
        int count = 0;
        try (DhtSupport.Transports transports = DhtSupport.transports(DhtSupport.require(selector))) {
            for (DhtSupport.NodeTransport node : transports.all()) {
                Optional<Transport> transport = node.transport();
                if (transport.isEmpty()) {
                    continue;
                }
                List<PeerConnection> connections = transport.get().connections().stream()
                        .sorted(java.util.Comparator.comparing(PeerConnection::remotePeer))
                        .toList();
                for (PeerConnection connection : connections) {
                    Optional<ConnectionQuality> quality = connection.quality();
                    table.addRow().addContent(connection.remotePeer(), node.name(), direction(connection),
                            connection.remoteAddress(), connection.remoteAgent().orElse(UNKNOWN),
                            quality.map(q -> millis(q.latency())).orElse(UNKNOWN),
                            quality.map(q -> millis(q.jitter())).orElse(UNKNOWN),
                            quality.map(q -> String.format(Locale.ROOT, "%.0f%%", q.loss() * 100)).orElse(UNKNOWN));
                    count++;
                }
            }
        }
        table.print(target);
        target.println(count + " connection(s)");
        return null;
    }

    /**
     * The API does not say who dialed; it is inferred: a connection to one of the addresses the peer announced
     * (Identify) was dialed by us, one from elsewhere (an ephemeral port) came in. Unknown before Identify.
     */
    static String direction(PeerConnection connection) {
        List<String> announced = connection.remoteListenAddresses();
        if (announced.isEmpty()) {
            return UNKNOWN;
        }
        String remote = connection.remoteAddress();
        return announced.stream().anyMatch(a -> a.equals(remote) || a.startsWith(remote + "/p2p/")) ? "out" : "in";
    }

    static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1_000_000.0);
    }
}
