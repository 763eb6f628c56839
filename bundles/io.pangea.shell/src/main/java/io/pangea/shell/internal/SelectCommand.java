package io.pangea.shell.internal;

import io.pangea.api.Capability;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import java.io.PrintStream;

@Service
@Command(scope = "pangea", name = "select", description = "Makes a provider the active one of its capability "
        + "(an override kept in the selector's configuration), or returns the capability to the ranking with 'auto'.")
public class SelectCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    @Argument(index = 0, name = "capability", required = true, description = "The capability (compression, cipher, ...)")
    @Completion(CapabilityCompleter.class)
    String capability;

    @Argument(index = 1, name = "provider", required = true,
            description = "A provider of that capability, or 'auto' to follow the ranking")
    @Completion(ProviderCompleter.class)
    String provider;

    /** Where the result goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        Capability c = Capability.parse(capability);
        ProviderSelector providers = Services.require(selector);
        boolean auto = ProviderSelector.AUTO.equals(provider);
        // The selector rejects unknown or ineligible providers with a message naming the alternatives.
        providers.select(c, provider);
        String how = auto ? "ranking" : "override";
        String line = providers.active(c)
                .map(ProviderStatus::provider)
                .map(name -> c.id() + ": active provider is now " + name + " (" + how + ")")
                .orElse(c.id() + ": no provider is eligible (" + how + ")");
        (out != null ? out : System.out).println(line);
        return null;
    }
}
