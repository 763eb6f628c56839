package io.pangea.shell.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the names of the facts the probe published. */
@Service
public class FactCompleter implements Completer {

    @Reference(optional = true)
    HardwareFacts facts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (facts != null) {
            facts.all().stream().map(Fact::name).forEach(names.getStrings()::add);
        }
        return names.complete(session, commandLine, candidates);
    }
}
