package io.pangea.selector.internal;

import io.pangea.api.Capability;

import java.util.List;
import java.util.Optional;

/**
 * A registered provider service as the selector sees it.
 *
 * @param serviceId   breaks ranking ties: the provider registered first wins, as OSGi does for services
 * @param unavailable the provider's own reason why it cannot work here (for example a native library that
 *                    did not load)
 */
record Candidate(Capability capability, String provider, String codec, int ranking, List<String> requires,
                 Optional<String> unavailable, long serviceId, String bundle) {

    Candidate {
        requires = List.copyOf(requires);
    }
}
