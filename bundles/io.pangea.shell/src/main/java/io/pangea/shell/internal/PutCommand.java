package io.pangea.shell.internal;

import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "pangea", name = "put", description = "Stores a file: compresses, encrypts and cuts it into K data + "
        + "M parity shards, keeps its read capability in the node's keyring and prints it. Whoever holds the "
        + "capability can read the file.")
public class PutCommand extends LongObjectCommand {

    @Argument(index = 0, name = "file", required = true,
            description = "The file to store (relative to the shell's current directory)")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--name", aliases = "-n", description = "The name to keep with it (default: the file's name)")
    String name;

    @Option(name = "--data-shards", aliases = "-k", description = "K, data shards per segment (default: the node's)")
    Integer dataShards;

    @Option(name = "--parity-shards", aliases = "-m",
            description = "M, parity shards per segment: how many shards of a segment may be lost (default: the node's)")
    Integer parityShards;

    @Option(name = "--level", aliases = "-l",
            description = "Compression level (default: chosen from the cores, the load and the memory)")
    Integer level;

    @Override
    public Object execute() throws Exception {
        PutOptions options = new PutOptions(name,
                dataShards == null ? PutOptions.DEFAULT : dataShards,
                parityShards == null ? PutOptions.DEFAULT : parityShards,
                level == null ? PutOptions.DEFAULT : level);
        ReadCapability capability = withProgress((objects, progress) ->
                objects.put(Consoles.resolve(session, file), options, progress));
        out().println(capability.format());
        return null;
    }
}
