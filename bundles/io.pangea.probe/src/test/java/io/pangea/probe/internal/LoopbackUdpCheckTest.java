package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackUdpCheckTest {

    @Test
    void aDatagramToItselfComesBackOnLoopback() {
        long start = System.nanoTime();

        Fact udp = new LoopbackUdpCheck(MachineProbe.UDP_TIMEOUT).get();

        assertThat(udp.name()).isEqualTo(FactNames.UDP);
        assertThat(udp.isTrue()).as(udp.evidence()).isTrue();
        assertThat(udp.evidence()).matches("DatagramChannel on 127\\.0\\.0\\.1:\\d+: sent 16 bytes to itself and"
                + " received them back in \\d+ µs");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void theCheckIsBoundedByItsTimeout() {
        // A zero timeout leaves no time to receive: the check must say so rather than wait.
        Fact udp = new LoopbackUdpCheck(Duration.ZERO).get();

        assertThat(udp.isTrue()).isFalse();
        assertThat(udp.evidence()).contains("nothing came back within 0 ms");
    }
}
