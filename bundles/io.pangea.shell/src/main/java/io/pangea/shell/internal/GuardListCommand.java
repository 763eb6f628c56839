package io.pangea.shell.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardRuleBook;
import io.pangea.api.guard.GuardRules;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

@Service
@Command(scope = "guard", name = "list", description = "Shows the guard rules every guard enforces: mode, the "
        + "node's ports, the rate limit and the allow and deny prefixes.")
public class GuardListCommand implements Action {

    @Reference(optional = true)
    GuardRuleBook rules;

    /** Where the tables go; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        GuardRules current = GuardSupport.require(rules).rules();
        PrintStream target = out != null ? out : System.out;
        target.println("mode:  " + GuardSupport.name(current.mode()));
        target.println("ports: " + (current.ports().isEmpty()
                ? "none (set ports in etc/io.pangea.guard.rules.cfg; no traffic is guarded)"
                : new TreeSet<>(current.ports()).stream().map(String::valueOf).collect(Collectors.joining(", "))));
        target.println("rate:  " + (current.rateLimitPerSecond() == 0 ? "no limit"
                : current.rateLimitPerSecond() + " packets/s per source"));
        table("Allow", current.allow(), target);
        table("Deny", current.deny(), target);
        return null;
    }

    private static void table(String title, Set<AddressPrefix> prefixes, PrintStream target) {
        ShellTable table = new ShellTable();
        table.column(title);
        table.emptyTableText("(none)");
        prefixes.stream().map(AddressPrefix::toString).sorted().forEach(p -> table.addRow().addContent(p));
        target.println();
        table.print(target);
    }
}
