package io.pangea.shell.internal;

import io.pangea.api.dht.Dht;
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

@Service
@Command(scope = "pangea", name = "dht-provide", description = "Announces in the DHT that this node provides a key "
        + "(a CID, or any text, hashed into a CIDv1 raw), and keeps announcing it.")
public class DhtProvideCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    @Argument(index = 0, name = "key", required = true, description = "A CID, or text to hash into one")
    String key;

    @Option(name = "--timeout", description = "Seconds to wait for the announcement")
    int timeoutSeconds = DhtSupport.DEFAULT_TIMEOUT_SECONDS;

    PrintStream out;

    @Override
    public Object execute() throws Exception {
        Cid cid = DhtSupport.key(key);
        try (Lease<Dht> dht = DhtSupport.require(selector).lease(Dht.class)) {
            DhtSupport.await(dht.provider().provide(cid.bytes()), timeoutSeconds, "providing " + cid);
        }
        (out != null ? out : System.out).println("providing " + cid);
        return null;
    }
}
