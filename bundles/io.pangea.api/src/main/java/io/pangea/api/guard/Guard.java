package io.pangea.api.guard;

import org.osgi.annotation.versioning.ProviderType;

/** Enforces guard rules on traffic to the node's own ports, and counts what it passed and dropped. */
@ProviderType
public interface Guard {

    /** Replaces the enforced rules; the rules are kept by the caller, so a newly active guard gets the same. */
    void apply(GuardRules rules);

    GuardCounters counters();
}
