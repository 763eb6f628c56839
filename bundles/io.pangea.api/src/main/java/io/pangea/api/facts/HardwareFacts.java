package io.pangea.api.facts;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;

/**
 * The facts the capability probe read, after the configured masks. The service is re-registered when the
 * facts change (for example when a mask is added), so that the selector re-evaluates eligibility.
 */
@ProviderType
public interface HardwareFacts {

    /** Every fact, sorted by name. */
    List<Fact> all();

    Optional<Fact> get(String name);

    /** Why the requirement does not hold, or empty when it holds. */
    default Optional<String> unmet(Requirement requirement) {
        return requirement.unmetBy(get(requirement.fact()));
    }
}
