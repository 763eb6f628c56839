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
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

@Service
@Command(scope = "pangea", name = "providers", description = "Lists the providers of every capability (or of one), "
        + "best first: which one is active, which are eligible and why the others are not.")
public class ProvidersCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    @Argument(index = 0, name = "capability", description = "Only this capability (compression, cipher, ...)")
    @Completion(CapabilityCompleter.class)
    String capability;

    /** Where the table goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        List<Capability> listed = capability == null ? List.of(Capability.values())
                : List.of(Capability.parse(capability));
        ProviderSelector providers = Services.require(selector);

        ShellTable table = new ShellTable();
        for (String column : List.of("Capability", "Provider", "Codec", "Ranking", "Active", "Eligible", "Reason")) {
            table.column(column);
        }
        List<String> overrides = new ArrayList<>();
        for (Capability c : listed) {
            List<ProviderStatus> statuses = providers.providers(c);
            if (statuses.isEmpty()) {
                table.addRow().addContent(c.id(), "-", "", "", "", "no", "no provider installed");
            }
            for (ProviderStatus s : statuses) {
                table.addRow().addContent(c.id(), s.provider(), s.codec() == null ? "" : s.codec(),
                        Integer.toString(s.ranking()), s.active() ? "*" : "", s.eligible() ? "yes" : "no",
                        String.join("; ", s.reasons()));
            }
            providers.override(c).ifPresent(name -> overrides.add("override: " + c.id() + " = " + name));
        }
        PrintStream target = out != null ? out : System.out;
        table.print(target);
        overrides.forEach(target::println);
        return null;
    }
}
