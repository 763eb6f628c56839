package io.pangea.shell.internal;

import io.pangea.api.Capability;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Completes the provider names of the capability given as the previous argument, and {@code auto}. Without a
 * known capability before it (Karaf also calls completers on a lone argument to check it) every provider name
 * is offered.
 */
@Service
public class ProviderCompleter implements Completer {

    @Reference(optional = true)
    ProviderSelector selector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        names.getStrings().add(ProviderSelector.AUTO);
        if (selector != null) {
            List<Capability> capabilities = previousArgument(commandLine).flatMap(Capability::byId)
                    .map(List::of)
                    .orElse(Arrays.asList(Capability.values()));
            for (Capability c : capabilities) {
                selector.providers(c).stream().map(ProviderStatus::provider).forEach(names.getStrings()::add);
            }
        }
        return names.complete(session, commandLine, candidates);
    }

    private static Optional<String> previousArgument(CommandLine commandLine) {
        String[] arguments = commandLine.getArguments();
        int index = commandLine.getCursorArgumentIndex() - 1;
        return arguments != null && index >= 0 && index < arguments.length
                ? Optional.of(arguments[index]) : Optional.empty();
    }
}
