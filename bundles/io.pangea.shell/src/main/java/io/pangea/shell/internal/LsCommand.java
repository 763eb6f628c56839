package io.pangea.shell.internal;

import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ObjectStore;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

@Service
@Command(scope = "pangea", name = "ls", description = "Lists the files of the node's keyring: the read capabilities "
        + "of the files put into this node.")
public class LsCommand implements Action {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Reference(optional = true)
    ObjectStore store;

    @Option(name = "--long", aliases = "-l", description = "Show the whole file id")
    boolean full;

    @Option(name = "--capabilities", aliases = "-c",
            description = "Show the read capabilities (with their keys: whoever sees them can read the files)")
    boolean capabilities;

    PrintStream out;

    @Override
    public Object execute() throws Exception {
        List<KeyringEntry> entries = Services.require(store).list();
        ShellTable table = new ShellTable();
        table.column(capabilities ? "Read capability" : "File id");
        table.column("Name");
        table.column("Size").alignRight();
        table.column("Stored");
        for (KeyringEntry e : entries) {
            String id = capabilities ? e.capability().format()
                    : full ? e.fileIdHex() : e.fileIdHex().substring(0, 16);
            table.addRow().addContent(id, e.name(), Bytes.human(e.size()),
                    TIME.format(e.stored().truncatedTo(ChronoUnit.SECONDS)));
        }
        PrintStream target = out != null ? out : System.out;
        table.print(target);
        if (entries.isEmpty()) {
            target.println("the keyring is empty: pangea:put <file> stores a file");
        }
        return null;
    }
}
