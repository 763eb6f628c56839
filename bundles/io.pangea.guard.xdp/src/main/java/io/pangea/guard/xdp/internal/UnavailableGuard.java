package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardRules;

/** What is registered when the XDP guard cannot run here: it says why, and never becomes active. */
final class UnavailableGuard implements Guard {
    private final String reason;

    UnavailableGuard(String reason) {
        this.reason = reason;
    }

    @Override
    public void apply(GuardRules rules) {
        throw new IllegalStateException("the XDP guard is unavailable: " + reason);
    }

    @Override
    public GuardCounters counters() {
        return new GuardCounters(0, 0, 0, 0);
    }

    @Override
    public String toString() {
        return "XDP guard, unavailable: " + reason;
    }
}
