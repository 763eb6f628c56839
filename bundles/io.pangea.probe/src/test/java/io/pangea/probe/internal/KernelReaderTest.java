package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class KernelReaderTest {
    @TempDir
    Path root;

    private Map<String, Fact> read(String osrelease, String ioUringDisabled, String osVersion) {
        FakeMachine machine = new FakeMachine(root);
        if (osrelease != null) {
            machine.write("proc/sys/kernel/osrelease", osrelease);
        }
        if (ioUringDisabled != null) {
            machine.write("proc/sys/kernel/io_uring_disabled", ioUringDisabled);
        }
        return new KernelReader(machine.proc, osVersion).read().stream()
                .collect(Collectors.toMap(Fact::name, Function.identity()));
    }

    @Test
    void readsTheReleaseAndIoUringIsUsableWithoutTheSwitch() {
        Map<String, Fact> facts = read("6.1.0-18-amd64\n", null, "ignored");
        Path kernel = root.resolve("proc/sys/kernel");

        assertThat(facts.get(FactNames.KERNEL_VERSION))
                .isEqualTo(Fact.of(FactNames.KERNEL_VERSION, "6.1.0-18-amd64",
                        kernel.resolve("osrelease") + ": 6.1.0-18-amd64"));
        assertThat(facts.get(FactNames.IO_URING).isTrue()).isTrue();
        assertThat(facts.get(FactNames.IO_URING).evidence()).startsWith("kernel 6.1.0-18-amd64 >= 5.1; "
                + kernel.resolve("io_uring_disabled") + ": absent");
    }

    @Test
    void ioUringFollowsTheDisabledSwitch() {
        assertThat(read("6.6.0", "0\n", null).get(FactNames.IO_URING).isTrue()).isTrue();
        Fact disabled = read("6.6.0", "2\n", null).get(FactNames.IO_URING);
        assertThat(disabled.isTrue()).isFalse();
        assertThat(disabled.evidence()).contains("io_uring_disabled: 2 (io_uring disabled)");
    }

    @Test
    void ioUringNeedsKernel51() {
        assertThat(read("5.1.0", null, null).get(FactNames.IO_URING).isTrue()).isTrue();
        assertThat(read("5.10.0", null, null).get(FactNames.IO_URING).isTrue()).isTrue();
        Fact old = read("5.0.21-generic", null, null).get(FactNames.IO_URING);
        assertThat(old.isTrue()).isFalse();
        assertThat(old.evidence()).isEqualTo("kernel 5.0.21-generic < 5.1 (io_uring needs 5.1)");
        assertThat(read("4.19.0", null, null).get(FactNames.IO_URING).isTrue()).isFalse();
    }

    @Test
    void fallsBackToTheOsVersionProperty() {
        Map<String, Fact> facts = read(null, null, "5.15.0-91-generic");

        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isEqualTo("5.15.0-91-generic");
        assertThat(facts.get(FactNames.KERNEL_VERSION).evidence())
                .contains("osrelease unreadable (NoSuchFileException",
                        "os.version system property: 5.15.0-91-generic");
        assertThat(facts.get(FactNames.IO_URING).isTrue()).isTrue();
    }

    @Test
    void unknownWhenNothingTells() {
        Map<String, Fact> facts = read(null, null, null);

        assertThat(facts.get(FactNames.KERNEL_VERSION).value()).isEqualTo("unknown");
        assertThat(facts.get(FactNames.IO_URING).isTrue()).isFalse();
        assertThat(facts.get(FactNames.IO_URING).evidence()).isEqualTo("kernel version 'unknown' not understood");
    }
}
