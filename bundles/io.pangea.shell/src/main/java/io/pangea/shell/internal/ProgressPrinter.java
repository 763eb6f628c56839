package io.pangea.shell.internal;

import io.pangea.api.objects.ProgressListener;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints the progress of a long operation — bytes, share, rate and time left — at most four times a second and
 * once when a phase ends. On a terminal that understands it the line is rewritten in place; elsewhere (a script
 * through {@code bin/pangea}) each update is its own line.
 */
final class ProgressPrinter implements ProgressListener {
    static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean overwrite;
    private final LongSupplier clock;
    private Phase phase;
    private long phaseStart;
    private long lastPrint;
    private boolean open;

    ProgressPrinter(PrintStream out, boolean overwrite, LongSupplier clock) {
        this.out = out;
        this.overwrite = overwrite;
        this.clock = clock;
    }

    ProgressPrinter(PrintStream out, boolean overwrite) {
        this(out, overwrite, System::nanoTime);
    }

    @Override
    public void progress(Phase current, long done, long total) {
        long now = clock.getAsLong();
        if (current != phase) {
            finish();
            phase = current;
            phaseStart = now;
            // No rate is known at the first report of a phase: the first line comes a quarter second later.
            lastPrint = now;
        }
        boolean end = done >= total;
        if (!end && now - lastPrint < INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        String line = line(current, done, total, now - phaseStart);
        if (overwrite) {
            out.print("\r" + line + "\u001b[K");
            open = true;
            if (end) {
                finish();
            }
        } else {
            out.println(line);
        }
        out.flush();
        if (end) {
            phase = null;
        }
    }

    /** Ends the line being rewritten, if any. */
    void finish() {
        if (open) {
            out.println();
            out.flush();
            open = false;
        }
    }

    static String line(Phase phase, long done, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String share = total > 0 ? String.format(Locale.ROOT, "%3d%%", (int) (100.0 * done / total)) : "100%";
        String eta;
        if (done >= total) {
            eta = "done in " + Bytes.duration(Math.round(seconds));
        } else if (rate > 0) {
            eta = "ETA " + Bytes.duration((long) Math.ceil((total - done) / rate));
        } else {
            eta = "ETA -";
        }
        return String.format(Locale.ROOT, "%-9s %s / %s  %s  %s/s  %s", phase.label(), Bytes.human(done),
                Bytes.human(total), share, Bytes.human((long) rate), eta);
    }
}
