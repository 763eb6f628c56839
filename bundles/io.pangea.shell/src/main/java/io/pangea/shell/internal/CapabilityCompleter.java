package io.pangea.shell.internal;

import io.pangea.api.Capability;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.Arrays;
import java.util.List;

/** Completes capability ids. */
@Service
public class CapabilityCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(Arrays.stream(Capability.values()).map(Capability::id).toList())
                .complete(session, commandLine, candidates);
    }
}
