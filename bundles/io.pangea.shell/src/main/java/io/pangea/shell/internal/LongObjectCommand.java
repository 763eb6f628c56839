package io.pangea.shell.internal;

import io.pangea.api.objects.ObjectStore;
import io.pangea.api.objects.ProgressListener;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import java.io.PrintStream;

/**
 * What put, get and verify share: the object store, the session (for relative paths and whether it is a
 * terminal), and progress on the error stream while the work runs, unless --quiet.
 */
abstract class LongObjectCommand implements Action {

    @Reference(optional = true)
    ObjectStore store;

    @Reference(optional = true)
    Session session;

    @Option(name = "--quiet", aliases = "-q", description = "No progress; print only the result")
    boolean quiet;

    /** Where the result goes; the session's output when not set. */
    PrintStream out;
    /** Where the progress goes; the session's error stream when not set. */
    PrintStream err;

    interface Work<T> {
        T run(ObjectStore objects, ProgressListener progress) throws Exception;
    }

    <T> T withProgress(Work<T> work) throws Exception {
        ObjectStore objects = Services.require(store);
        ProgressPrinter progress = new ProgressPrinter(err != null ? err : System.err, Consoles.interactive(session));
        try {
            return work.run(objects, quiet ? null : progress);
        } finally {
            progress.finish();
        }
    }

    PrintStream out() {
        return out != null ? out : System.out;
    }
}
