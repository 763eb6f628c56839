package io.pangea.shell.internal;

import io.pangea.api.testing.Fakes;
import io.pangea.api.Capability;
import io.pangea.api.facts.Fact;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.pangea.api.testing.Fakes.provider;
import static org.assertj.core.api.Assertions.assertThat;

class CompletersTest {

    /** A command line whose cursor is at the end of its last argument. */
    record Line(String... arguments) implements CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return arguments.length - 1;
        }

        @Override
        public String getCursorArgument() {
            return arguments[arguments.length - 1];
        }

        @Override
        public int getArgumentPosition() {
            return getCursorArgument().length();
        }

        @Override
        public String[] getArguments() {
            return arguments;
        }

        @Override
        public int getBufferPosition() {
            return getBuffer().length();
        }

        @Override
        public String getBuffer() {
            return String.join(" ", arguments);
        }
    }

    private static List<String> candidates(Completer completer, String... arguments) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new Line(arguments), candidates);
        return candidates.stream().map(String::trim).toList();
    }

    private final Fakes.Selector selector = new Fakes.Selector().with(
            provider(Capability.COMPRESSION, "zstd", 100, true),
            provider(Capability.COMPRESSION, "none", 0, false),
            provider(Capability.CIPHER, "aes-gcm", 100, true));

    @Test
    void capabilityNames() {
        CapabilityCompleter completer = new CapabilityCompleter();

        assertThat(candidates(completer, "pangea:select", "c"))
                .containsExactlyInAnyOrder("compression", "cipher", "conntrack");
        assertThat(candidates(completer, "pangea:providers", ""))
                .containsExactlyInAnyOrder("compression", "cipher", "erasure", "storage", "transport", "dht",
                        "guard", "conntrack");
    }

    @Test
    void providerNamesOfThePreviousCapabilityAndAuto() {
        ProviderCompleter completer = new ProviderCompleter();
        completer.selector = selector;

        assertThat(candidates(completer, "pangea:select", "compression", ""))
                .containsExactlyInAnyOrder("zstd", "none", "auto");
        assertThat(candidates(completer, "pangea:select", "compression", "z")).containsExactly("zstd");
        assertThat(candidates(completer, "pangea:select", "cipher", "")).containsExactlyInAnyOrder("aes-gcm", "auto");
        assertThat(candidates(completer, "pangea:select", "erasure", "")).containsExactly("auto");
    }

    @Test
    void providerNamesOfEveryCapabilityWithoutOne() {
        ProviderCompleter completer = new ProviderCompleter();
        completer.selector = selector;

        assertThat(candidates(completer, "")).containsExactlyInAnyOrder("zstd", "none", "aes-gcm", "auto");
    }

    @Test
    void factNames() {
        FactCompleter completer = new FactCompleter();
        completer.facts = Fakes.facts(Fact.of("cpu.avx2", true, "cpuinfo"), Fact.of("cpu.aes", true, "cpuinfo"),
                Fact.of("udp.usable", true, "bound a socket"));

        assertThat(candidates(completer, "pangea:caps", "-f", "cpu"))
                .containsExactlyInAnyOrder("cpu.avx2", "cpu.aes");
    }
}
