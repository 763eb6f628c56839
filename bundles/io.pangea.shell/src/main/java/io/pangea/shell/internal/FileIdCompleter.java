package io.pangea.shell.internal;

import io.pangea.api.objects.KeyringEntry;
import io.pangea.api.objects.ObjectStore;
import io.pangea.api.objects.ObjectStoreException;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.util.List;

/** Completes the file ids of the node's keyring. */
@Service
public class FileIdCompleter implements Completer {

    @Reference(optional = true)
    ObjectStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        if (store != null) {
            try {
                store.list().stream().map(KeyringEntry::fileIdHex).forEach(ids.getStrings()::add);
            } catch (ObjectStoreException e) {
                // An unreadable keyring completes nothing; the command itself will say why.
            }
        }
        return ids.complete(session, commandLine, candidates);
    }
}
