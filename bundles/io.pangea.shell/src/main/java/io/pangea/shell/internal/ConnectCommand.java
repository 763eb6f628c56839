package io.pangea.shell.internal;

import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

@Service
@Command(scope = "pangea", name = "connect", description = "Dials a peer through the active transport (or another "
        + "one when only that one can dial the address) and shows who answered: its peer id, agent and protocols. "
        + "The connection stays open.")
public class ConnectCommand implements Action {
    /** How long to wait for the peer to identify itself once connected. */
    static final int IDENTIFY_SECONDS = 5;

    @Reference(optional = true)
    ProviderSelector selector;

    @Argument(index = 0, name = "multiaddr", required = true,
            description = "where to dial, e.g. /ip4/192.0.2.1/tcp/4001/p2p/12D3KooW...")
    String address;

    @Option(name = "-t", aliases = "--timeout", description = "seconds to wait for the connection")
    int timeoutSeconds = 30;

    PrintStream out;

    /** The active transport when it can dial the address, else the first other one that can. */
    static DhtSupport.NodeTransport choose(List<DhtSupport.NodeTransport> transports, String address) {
        return transports.stream()
                .filter(t -> t.transport().map(x -> x.supports(address)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no transport of this node can dial " + address
                        + " (transports: " + transports.stream().map(DhtSupport.NodeTransport::name).toList() + ")"));
    }

    @Override
    public Object execute() throws Exception {
        String text = address == null ? "" : address.trim();
        try {
            Multiaddr.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a multiaddr: '" + text + "' (" + e.getMessage() + ")");
        }
        try (DhtSupport.Transports transports = DhtSupport.transports(DhtSupport.require(selector))) {
            DhtSupport.NodeTransport chosen = choose(transports.all(), text);
            Transport transport = chosen.transport().orElseThrow();
            PeerConnection connection = DhtSupport.await(transport.dial(text), timeoutSeconds,
                    "dialing " + text + " over " + chosen.name());
            connection.identification().toCompletableFuture()
                    .completeOnTimeout(null, IDENTIFY_SECONDS, TimeUnit.SECONDS).join();
            PrintStream target = out != null ? out : System.out;
            target.println("Connected: " + connection.remotePeer());
            target.println("Address:   " + connection.remoteAddress() + " (" + chosen.name() + ")");
            target.println("Agent:     " + connection.remoteAgent().orElse("(unknown)"));
            List<String> protocols = connection.remoteProtocols();
            target.println("Protocols: " + (protocols.isEmpty() ? "(unknown)" : String.join(", ", protocols)));
        }
        return null;
    }
}
