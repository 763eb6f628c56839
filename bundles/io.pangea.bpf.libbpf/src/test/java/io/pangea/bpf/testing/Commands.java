package io.pangea.bpf.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a command (ip, bpftool) with a bounded wait; its output is stdout and stderr together. */
public final class Commands {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Commands() {
    }

    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    /** Runs {@code command}; a command still running after {@link #TIMEOUT} is killed and reported as exit 124. */
    public static Result run(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(127, "could not start " + String.join(" ", command) + ": " + e.getMessage());
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(124, String.join(" ", command) + " did not end within " + TIMEOUT);
            }
            return new Result(process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new Result(130, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return new Result(process.exitValue(), "");
        }
    }

    /** Runs {@code command} and fails unless it exits 0. */
    public static String check(String... command) {
        Result result = run(command);
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit() + ": "
                    + result.output().strip());
        }
        return result.output();
    }

    public static String check(List<String> command) {
        return check(command.toArray(String[]::new));
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
