package io.pangea.objects.internal;

import io.pangea.api.objects.ObjectStoreException;
import io.pangea.api.objects.ObjectStoreException.Kind;
import io.pangea.api.selection.NoProviderException;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what went wrong somewhere in a pipeline into one {@link ObjectStoreException} that says what and where. */
final class Failures {
    private Failures() {
    }

    /** The failure itself, without the wrappers of futures (and of I/O failures thrown through them). */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof java.io.UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * @param doing what the operation was doing, e.g. "storing /tmp/a.iso"; starts the message unless the failure
     *              is already an {@link ObjectStoreException}
     */
    static ObjectStoreException of(Throwable failure, String doing) {
        Throwable t = unwrap(failure);
        if (t instanceof ObjectStoreException e) {
            return e;
        }
        if (t instanceof NoProviderException) {
            return new ObjectStoreException(Kind.NO_PROVIDER, doing + " failed: " + t.getMessage(), t);
        }
        if (interrupted(t)) {
            return new ObjectStoreException(Kind.CANCELLED, doing + " was interrupted", t);
        }
        String full = messages(t);
        if (full.contains("No space left on device") || full.contains("disk is full")) {
            return new ObjectStoreException(Kind.NO_SPACE, doing + " failed: the disk is full (" + t.getMessage() + ")", t);
        }
        if (full.contains("Disk quota exceeded") || full.contains("disk quota exceeded")) {
            return new ObjectStoreException(Kind.NO_SPACE, doing + " failed: the disk quota is exceeded ("
                    + t.getMessage() + ")", t);
        }
        String what = t.getMessage() == null ? t.toString() : t.getMessage();
        return new ObjectStoreException(Kind.IO, doing + " failed: " + what, t);
    }

    static boolean interrupted(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof InterruptedIOException
                    || c instanceof ClosedByInterruptException || c instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    /** Every message along the cause chain and the suppressed failures, to find the disk-full one. */
    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        collect(t, all, 0);
        return all.toString();
    }

    private static void collect(Throwable t, StringBuilder all, int depth) {
        if (t == null || depth > 16) {
            return;
        }
        all.append(t).append('\n');
        for (Throwable s : t.getSuppressed()) {
            collect(s, all, depth + 1);
        }
        collect(t.getCause(), all, depth + 1);
    }
}
