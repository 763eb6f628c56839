package io.pangea.bpf.testing;

import io.pangea.bpf.Bpf;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The preconditions of the kernel tests: root, network namespaces, the eBPF binding. When one is missing the
 * test is skipped — said loudly on stderr and in the skip reason, never passed silently.
 */
public final class KernelTests {
    private static volatile Optional<String> missing;

    private KernelTests() {
    }

    /** Skips the calling test (or class, from {@code @BeforeAll}) unless the kernel tests can run here. */
    public static void assume() {
        missing().ifPresent(KernelTests::skip);
    }

    /** Skips the calling test (or class) because of {@code reason}, loudly. */
    public static void skip(String reason) {
        String message = "KERNEL TEST SKIPPED, NOTHING WAS VERIFIED: " + reason;
        String bar = "!".repeat(Math.min(message.length(), 120));
        System.err.println("\n" + bar + "\n" + message + "\n" + bar + "\n");
        Assumptions.abort(message);
    }

    /** What keeps the kernel tests from running here, or empty. */
    public static Optional<String> missing() {
        Optional<String> known = missing;
        if (known == null) {
            known = probe();
            missing = known;
        }
        return known;
    }

    private static Optional<String> probe() {
        if (!isRoot()) {
            return Optional.of("not running as root (the kernel tests load eBPF programs and create network "
                    + "namespaces; run them as root)");
        }
        Optional<String> binding = Bpf.unavailable();
        if (binding.isPresent()) {
            return Optional.of("the eBPF binding is not usable: " + binding.get());
        }
        String probe = Names.namespace("probe");
        Commands.Result created = Commands.run("ip", "netns", "add", probe);
        if (!created.ok()) {
            return Optional.of("cannot create a network namespace (ip netns add): " + created.output().strip());
        }
        Commands.run("ip", "netns", "del", probe);
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[2])
                    .anyMatch("0"::equals);
        } catch (IOException e) {
            return false;
        }
    }
}
