package io.pangea.shell.internal;

import io.pangea.api.objects.VerifyReport;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.util.stream.Collectors;

@Service
@Command(scope = "pangea", name = "verify", description = "Reads every shard of a stored file and checks its header "
        + "and hash against the sealed manifest; lists the bad shards and whether they could be rebuilt from the "
        + "others. Fails when a segment has fewer than K intact shards.")
public class VerifyCommand extends LongObjectCommand {

    @Argument(index = 0, name = "file", required = true,
            description = "A file id (or a prefix of 8 or more digits) in the node's keyring, or a read capability")
    @Completion(FileIdCompleter.class)
    String file;

    @Option(name = "--repair", aliases = "-r", description = "Write the rebuilt shards back")
    boolean repair;

    @Override
    public Object execute() throws Exception {
        VerifyReport report = withProgress((objects, progress) ->
                objects.verify(objects.resolve(file), repair, progress));
        PrintStream target = out();
        if (!report.faults().isEmpty()) {
            ShellTable table = new ShellTable();
            table.column("Segment").alignRight();
            table.column("Shard");
            table.column("Problem");
            table.column("Rebuilt");
            table.column("Rewritten");
            for (VerifyReport.ShardFault f : report.faults()) {
                table.addRow().addContent(Long.toString(f.segment()), Integer.toString(f.shard()), f.problem(),
                        f.rebuilt() ? "yes" : "no", f.rewritten() ? "yes" : "no");
            }
            table.print(target);
        }
        String summary = "file " + report.fileId() + " (" + report.name() + ", " + Bytes.human(report.size()) + "): "
                + report.segments() + " segments, " + report.shardsChecked() + " shards checked, ";
        if (report.healthy()) {
            target.println(summary + "all intact");
            return null;
        }
        if (report.readable()) {
            long rewritten = report.faults().stream().filter(VerifyReport.ShardFault::rewritten).count();
            target.println(summary + report.faults().size() + " bad, every segment can be rebuilt"
                    + (repair ? "; " + rewritten + " rewritten" : " (pangea:verify --repair rewrites them)"));
            return null;
        }
        throw new IllegalStateException(summary + report.faults().size() + " bad; cannot be rebuilt: segment"
                + (report.unrecoverableSegments().size() > 1 ? "s " : " ")
                + report.unrecoverableSegments().stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " kept fewer than K intact shards");
    }
}
