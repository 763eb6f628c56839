package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel release, and whether io_uring can be expected to work: kernel 5.1 or later and not switched off
 * by {@code kernel.io_uring_disabled}. Whether the native ring really opens is the io_uring provider's check.
 */
final class KernelReader {
    private static final Pattern MAJOR_MINOR = Pattern.compile("(\\d+)\\.(\\d+).*", Pattern.DOTALL);

    private final Path osrelease;
    private final Path ioUringDisabled;
    private final String osVersionProperty;

    /** @param osVersionProperty the {@code os.version} system property, used when osrelease is unreadable */
    KernelReader(Path proc, String osVersionProperty) {
        this.osrelease = proc.resolve("sys/kernel/osrelease");
        this.ioUringDisabled = proc.resolve("sys/kernel/io_uring_disabled");
        this.osVersionProperty = osVersionProperty;
    }

    /** {major, minor} of a release such as {@code 6.1.0-18-amd64}. */
    static Optional<int[]> majorMinor(String release) {
        Matcher m = MAJOR_MINOR.matcher(release.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    List<Fact> read() {
        Fact version = version();
        return List.of(version, ioUring(version));
    }

    private Fact version() {
        String problem;
        try {
            String release = Sources.read(osrelease).trim();
            if (!release.isEmpty()) {
                return Fact.of(FactNames.KERNEL_VERSION, release, osrelease + ": " + release);
            }
            problem = osrelease + " is empty";
        } catch (IOException | RuntimeException e) {
            problem = osrelease + " " + Sources.unreadable(e);
        }
        if (osVersionProperty != null && !osVersionProperty.isBlank()) {
            return Fact.of(FactNames.KERNEL_VERSION, osVersionProperty.trim(),
                    problem + "; os.version system property: " + osVersionProperty.trim());
        }
        return FactCatalog.absent(FactNames.KERNEL_VERSION, problem + "; no os.version system property");
    }

    private Fact ioUring(Fact version) {
        Optional<int[]> parts = majorMinor(version.value());
        if (parts.isEmpty()) {
            return Fact.of(FactNames.IO_URING, false, "kernel version '" + version.value() + "' not understood");
        }
        int[] v = parts.get();
        if (v[0] < 5 || (v[0] == 5 && v[1] < 1)) {
            return Fact.of(FactNames.IO_URING, false, "kernel " + version.value() + " < 5.1 (io_uring needs 5.1)");
        }
        String kernel = "kernel " + version.value() + " >= 5.1; " + ioUringDisabled;
        String later = "; the native check comes with the io_uring provider";
        try {
            String disabled = Sources.read(ioUringDisabled).trim();
            boolean usable = disabled.equals("0");
            return Fact.of(FactNames.IO_URING, usable, kernel + ": " + disabled + (usable ? "" : " (io_uring disabled)")
                    + later);
        } catch (NoSuchFileException e) {
            return Fact.of(FactNames.IO_URING, true, kernel + ": absent" + later);
        } catch (IOException | RuntimeException e) {
            return Fact.of(FactNames.IO_URING, false, kernel + " " + Sources.unreadable(e));
        }
    }
}
