package io.pangea.shell.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

@Service
@Command(scope = "pangea", name = "caps", description = "Shows the hardware facts the capability probe read, "
        + "with the evidence of each and whether configuration masked it.")
public class CapsCommand implements Action {

    @Reference(optional = true)
    HardwareFacts facts;

    @Option(name = "--fact", aliases = "-f", description = "Show only this fact")
    @Completion(FactCompleter.class)
    String fact;

    /** Where the table goes; the session's output when not set. */
    PrintStream out;

    @Override
    public Object execute() {
        HardwareFacts hardware = Services.require(facts);
        List<Fact> shown;
        if (fact == null) {
            shown = hardware.all();
        } else {
            shown = List.of(hardware.get(fact).orElseThrow(() -> new IllegalArgumentException(
                    "unknown fact '" + fact + "'; known: "
                            + hardware.all().stream().map(Fact::name).collect(Collectors.joining(", ")))));
        }
        ShellTable table = new ShellTable();
        table.column("Fact");
        table.column("Value");
        table.column("Masked");
        table.column("Evidence");
        for (Fact f : shown) {
            table.addRow().addContent(f.name(), f.value(), f.masked() ? "masked" : "", f.evidence());
        }
        table.print(out != null ? out : System.out);
        return null;
    }
}
