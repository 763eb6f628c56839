package io.pangea.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How well a connection has been answering pings recently (a bounded window of the latest samples).
 *
 * @param latency the mean round trip of the answered pings in the window; zero when none was answered
 * @param jitter  the mean absolute difference between consecutive answered round trips; zero with fewer than two
 * @param loss    the share of pings in the window that failed or timed out, from 0 to 1
 * @param samples how many pings (answered or not) the window holds
 */
public record ConnectionQuality(Duration latency, Duration jitter, double loss, int samples) {
    public ConnectionQuality {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(jitter, "jitter");
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("latency and jitter cannot be negative");
        }
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("loss must be between 0 and 1: " + loss);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("samples cannot be negative: " + samples);
        }
    }
}
