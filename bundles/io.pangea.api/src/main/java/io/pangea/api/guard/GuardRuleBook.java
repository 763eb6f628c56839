package io.pangea.api.guard;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Set;

/**
 * The operator's guard rules, kept outside the guard providers and applied to every one of them, so that
 * whichever guard is active enforces the same rules and a swap keeps them. Every change is persisted and applied
 * at once.
 */
@ProviderType
public interface GuardRuleBook {

    /** The rules as they are now. */
    GuardRules rules();

    void setMode(GuardMode mode);

    /** Adds the prefix to the allow set (and takes it out of the deny set). */
    void allow(AddressPrefix prefix);

    /** Adds the prefix to the deny set (and takes it out of the allow set). */
    void deny(AddressPrefix prefix);

    /** Removes the prefix from either set; {@code false} when no rule named it. */
    boolean remove(AddressPrefix prefix);

    /** The node's own ports the guard watches; each within 1..65535. */
    void setPorts(Set<Integer> ports);

    /** Packets per second one source may send to the node's ports; 0 for no limit, never negative. */
    void setRateLimit(long perSecond);
}
