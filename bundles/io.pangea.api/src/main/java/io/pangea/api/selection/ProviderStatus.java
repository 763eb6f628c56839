package io.pangea.api.selection;

import io.pangea.api.Capability;

import java.util.List;

/**
 * What the selector knows of one provider.
 *
 * @param reasons why the provider is not eligible; empty when it is
 * @param bundle  the symbolic name of the bundle that registered it
 */
public record ProviderStatus(Capability capability, String provider, String codec, int ranking, List<String> requires,
                             boolean eligible, boolean active, List<String> reasons, String bundle) {

    public ProviderStatus {
        requires = List.copyOf(requires);
        reasons = List.copyOf(reasons);
    }
}
