package io.pangea.p2p.host;

import io.pangea.api.transport.ConnectionQuality;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The latest pings of one connection (at most {@code capacity}; older ones fall out): each an answered round trip
 * or a failure. Thread-safe.
 */
public final class PingWindow {
    public static final int DEFAULT_CAPACITY = 20;

    private final int capacity;
    /** Round trips in nanoseconds; -1 for a failed ping. */
    private final ArrayDeque<Long> samples = new ArrayDeque<>();

    public PingWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void answered(Duration rtt) {
        add(Math.max(0, rtt.toNanos()));
    }

    public synchronized void failed() {
        add(-1L);
    }

    private void add(long sample) {
        if (samples.size() == capacity) {
            samples.removeFirst();
        }
        samples.addLast(sample);
    }

    /**
     * Latency: the mean answered round trip; jitter: the mean absolute difference of consecutive answered round
     * trips; loss: failed over attempted pings. Empty before the first ping.
     */
    public synchronized Optional<ConnectionQuality> quality() {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        long sum = 0;
        long diffs = 0;
        int answered = 0;
        int pairs = 0;
        long previous = -1;
        for (long sample : samples) {
            if (sample < 0) {
                continue;
            }
            sum += sample;
            answered++;
            if (previous >= 0) {
                diffs += Math.abs(sample - previous);
                pairs++;
            }
            previous = sample;
        }
        Duration latency = answered == 0 ? Duration.ZERO : Duration.ofNanos(sum / answered);
        Duration jitter = pairs == 0 ? Duration.ZERO : Duration.ofNanos(diffs / pairs);
        double loss = (samples.size() - answered) / (double) samples.size();
        return Optional.of(new ConnectionQuality(latency, jitter, loss, samples.size()));
    }
}
