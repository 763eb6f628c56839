package io.pangea.shell.internal;

import io.pangea.api.testing.Fakes;
import io.pangea.api.Capability;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pangea.api.testing.Fakes.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvidersCommandTest {
    private static final List<String> HEADER =
            List.of("Capability", "Provider", "Codec", "Ranking", "Active", "Eligible", "Reason");

    private final Output output = new Output();
    private final Fakes.Selector selector = new Fakes.Selector();
    private final ProvidersCommand command = new ProvidersCommand();

    @BeforeEach
    void setUp() {
        selector.with(
                provider(Capability.COMPRESSION, "zstd", 100, true),
                provider(Capability.COMPRESSION, "none", 0, false),
                provider(Capability.CIPHER, "xchacha20-native", 300, false,
                        "requires cpu.avx2, but cpu.avx2 = false (masked)", "libsodium did not load"),
                provider(Capability.CIPHER, "aes-gcm", 100, true));
        command.selector = selector;
        command.out = output.stream;
    }

    @Test
    void listsEveryCapabilityInOrderWithTheActiveMarked() {
        command.execute();

        List<List<String>> rows = output.rows();
        assertThat(rows.get(0)).isEqualTo(HEADER);
        assertThat(rows.subList(1, 5)).containsExactly(
                List.of("compression", "zstd", "compression-codec", "100", "*", "yes", ""),
                List.of("compression", "none", "compression-codec", "0", "", "yes", ""),
                List.of("cipher", "xchacha20-native", "cipher-codec", "300", "", "no",
                        "requires cpu.avx2, but cpu.avx2 = false (masked); libsodium did not load"),
                List.of("cipher", "aes-gcm", "cipher-codec", "100", "*", "yes", ""));
        assertThat(rows.subList(5, rows.size())).extracting(row -> row.get(0)).containsExactly(
                "erasure", "storage", "transport", "dht", "guard", "conntrack");
        assertThat(rows.subList(5, rows.size())).allSatisfy(row -> {
            assertThat(row.get(1)).isEqualTo("-");
            assertThat(row.get(6)).isEqualTo("no provider installed");
        });
        assertThat(output.lines()).noneMatch(line -> line.startsWith("override:"));
    }

    @Test
    void listsOneCapabilityAndItsOverride() {
        selector.select(Capability.COMPRESSION, "none");
        command.capability = "compression";
        command.execute();

        assertThat(output.rows()).containsExactly(HEADER,
                List.of("compression", "zstd", "compression-codec", "100", "", "yes", ""),
                List.of("compression", "none", "compression-codec", "0", "*", "yes", ""));
        assertThat(output.lines()).last().isEqualTo("override: compression = none");
    }

    @Test
    void unknownCapabilityNamesTheKnownOnes() {
        command.capability = "teleport";

        assertThatThrownBy(command::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown capability 'teleport'; known: "
                        + "compression, cipher, erasure, storage, transport, dht, guard, conntrack");
    }
}
