package io.pangea.shell.internal;

import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.List;

@Service
@Command(scope = "guard", name = "stats", description = "Shows the active guard's counters: packets to the node's "
        + "ports passed and dropped (denied, unknown source, over the rate limit).")
public class GuardStatsCommand implements Action {

    @Reference(optional = true)
    ProviderSelector selector;

    /** Where the table goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        String provider;
        GuardCounters counters;
        try (Lease<Guard> lease = Services.require(selector).lease(Guard.class)) {
            provider = lease.name();
            counters = lease.provider().counters();
        }
        ShellTable table = new ShellTable();
        for (String column : List.of("Provider", "Passed", "Denied", "Unknown", "Rate")) {
            table.column(column);
        }
        table.addRow().addContent(provider, counters.passed(), counters.droppedDenied(), counters.droppedUnknown(),
                counters.droppedRate());
        table.print(out != null ? out : System.out);
        return null;
    }
}
