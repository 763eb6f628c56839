package io.pangea.storage.contract;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmpfs of a given size mounted for one test, to fill the disk for real. Mounting needs root (or
 * CAP_SYS_ADMIN); where it is refused the test is skipped, loudly, with the reason.
 */
public final class SmallTmpfs implements AutoCloseable {
    private final Path mountPoint;

    private SmallTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static SmallTmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Result result = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", mountPoint.toString());
        if (result.exit != 0) {
            String reason = "SKIPPED: cannot mount a " + size + " tmpfs at " + mountPoint + " (" + result.output.trim()
                    + "); the full-disk test did not run — run the tests as root to cover it";
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        return new SmallTmpfs(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Result result = run("umount", mountPoint.toString());
        if (result.exit != 0) {
            // Lazily, so a file still open elsewhere does not leave the mount behind for good.
            Result lazy = run("umount", "-l", mountPoint.toString());
            if (lazy.exit != 0) {
                throw new IOException("cannot unmount " + mountPoint + ": " + result.output + lazy.output);
            }
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, command[0] + " did not finish in 30 s");
        }
        return new Result(process.exitValue(), output);
    }
}
