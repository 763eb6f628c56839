package io.pangea.conntrack.tc.internal;

import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;

import java.util.List;
import java.util.function.Consumer;

/** What is registered when the TC tracker cannot run here: it says why, and never becomes active. */
final class UnavailableTracker implements ConnectionTracker {
    private final String reason;

    UnavailableTracker(String reason) {
        this.reason = reason;
    }

    @Override
    public List<TrackedConnection> connections() {
        throw new IllegalStateException("the TC conntrack provider is unavailable: " + reason);
    }

    @Override
    public AutoCloseable watch(Consumer<TrackedConnection> onNew) {
        throw new IllegalStateException("the TC conntrack provider is unavailable: " + reason);
    }

    @Override
    public String toString() {
        return "TC conntrack, unavailable: " + reason;
    }
}
