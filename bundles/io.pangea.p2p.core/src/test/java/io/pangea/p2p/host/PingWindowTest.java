package io.pangea.p2p.host;

import io.pangea.api.transport.ConnectionQuality;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PingWindowTest {
    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void emptyBeforeTheFirstPing() {
        assertThat(new PingWindow(20).quality()).isEmpty();
    }

    @Test
    void latencyJitterAndLossOverTheWindow() {
        PingWindow window = new PingWindow(20);
        window.answered(ms(10));
        window.answered(ms(14));
        window.failed();
        window.answered(ms(12));
        ConnectionQuality quality = window.quality().orElseThrow();
        assertThat(quality.latency()).isEqualTo(ms(12));
        // |14-10| and |12-14|: the failure between them is skipped
        assertThat(quality.jitter()).isEqualTo(ms(3));
        assertThat(quality.loss()).isEqualTo(0.25);
        assertThat(quality.samples()).isEqualTo(4);
    }

    @Test
    void onlyFailuresGiveFullLossAndZeroLatency() {
        PingWindow window = new PingWindow(5);
        window.failed();
        window.failed();
        assertThat(window.quality()).contains(new ConnectionQuality(Duration.ZERO, Duration.ZERO, 1.0, 2));
    }

    @Test
    void oldSamplesFallOut() {
        PingWindow window = new PingWindow(3);
        window.failed();
        window.failed();
        for (int i = 0; i < 3; i++) {
            window.answered(ms(5));
        }
        assertThat(window.quality()).contains(new ConnectionQuality(ms(5), Duration.ZERO, 0.0, 3));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new PingWindow(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionQuality(ms(1), ms(1), 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
