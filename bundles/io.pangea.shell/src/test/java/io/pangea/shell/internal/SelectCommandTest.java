package io.pangea.shell.internal;

import io.pangea.api.testing.Fakes;
import io.pangea.api.Capability;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.pangea.api.testing.Fakes.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectCommandTest {
    private final Output output = new Output();
    private final Fakes.Selector selector = new Fakes.Selector();
    private final SelectCommand command = new SelectCommand();

    @BeforeEach
    void setUp() {
        selector.with(
                provider(Capability.COMPRESSION, "zstd", 100, true),
                provider(Capability.COMPRESSION, "none", 0, false),
                provider(Capability.CIPHER, "xchacha20-native", 300, false, "libsodium did not load"));
        command.selector = selector;
        command.out = output.stream;
    }

    @Test
    void overrideMakesTheProviderActive() {
        command.capability = "compression";
        command.provider = "none";
        command.execute();

        assertThat(selector.override(Capability.COMPRESSION)).contains("none");
        assertThat(output.lines()).containsExactly("compression: active provider is now none (override)");
    }

    @Test
    void autoReturnsToTheRanking() {
        selector.select(Capability.COMPRESSION, "none");
        command.capability = "compression";
        command.provider = "auto";
        command.execute();

        assertThat(selector.override(Capability.COMPRESSION)).isEmpty();
        assertThat(output.lines()).containsExactly("compression: active provider is now zstd (ranking)");
    }

    @Test
    void autoWithoutEligibleProviderSaysSo() {
        command.capability = "cipher";
        command.provider = "auto";
        command.execute();

        assertThat(output.lines()).containsExactly("cipher: no provider is eligible (ranking)");
    }

    @Test
    void unknownCapabilityNamesTheKnownOnes() {
        command.capability = "compresion";
        command.provider = "zstd";

        assertThatThrownBy(command::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown capability 'compresion'; known: "
                        + "compression, cipher, erasure, storage, transport, dht, guard, conntrack");
    }

    @Test
    void selectorsMessageForAnUnknownProviderPropagates() {
        command.capability = "compression";
        command.provider = "lz4";

        assertThatThrownBy(command::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no provider 'lz4' of compression; registered: zstd, none");
        assertThat(output.text()).isEmpty();
        assertThat(selector.override(Capability.COMPRESSION)).isEmpty();
    }
}
