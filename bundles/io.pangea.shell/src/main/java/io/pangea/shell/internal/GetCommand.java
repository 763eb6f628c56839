package io.pangea.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import java.nio.file.Files;
import java.nio.file.Path;

@Service
@Command(scope = "pangea", name = "get", description = "Rebuilds a stored file bit for bit from its shards. The file "
        + "appears only once it is whole and its SHA-256 matches its file id.")
public class GetCommand extends LongObjectCommand {

    @Argument(index = 0, name = "file", required = true,
            description = "A read capability (pangea:<file id>:<key>), or a file id (or a prefix of 8 or more "
                    + "digits) in the node's keyring")
    @Completion(FileIdCompleter.class)
    String file;

    @Argument(index = 1, name = "output", required = true,
            description = "The file to write, or a directory to write into under the stored name")
    @Completion(FileCompleter.class)
    String output;

    @Option(name = "--force", aliases = "-f", description = "Replace the output file if it exists")
    boolean force;

    @Override
    public Object execute() throws Exception {
        Path written = withProgress((objects, progress) ->
                objects.get(objects.resolve(file), Consoles.resolve(session, output), force, progress));
        out().println("wrote " + written + " (" + Bytes.human(Files.size(written)) + ")");
        return null;
    }
}
