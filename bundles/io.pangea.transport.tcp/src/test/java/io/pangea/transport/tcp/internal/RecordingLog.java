package io.pangea.transport.tcp.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A {@link TransportLog} that keeps its lines for assertions (and echoes them, for reading a failed build). */
final class RecordingLog implements TransportLog {
    private final String name;
    private final List<String> lines = new ArrayList<>();

    RecordingLog(String name) {
        this.name = name;
    }

    @Override
    public void debug(String message) {
        record("DEBUG", message);
    }

    @Override
    public void info(String message) {
        record("INFO", message);
    }

    @Override
    public void warn(String message) {
        record("WARN", message);
    }

    private synchronized void record(String level, String message) {
        String line = level + " " + message;
        lines.add(line);
        System.out.println("[" + name + "] " + line);
        notifyAll();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits (bounded) for a line containing all of {@code parts}, and returns it. */
    synchronized String await(Duration timeout, String... parts) throws InterruptedException {
        Predicate<String> matches = line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        };
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines) {
                if (matches.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no log line with " + List.of(parts) + " within " + timeout + "; lines: "
                        + lines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
