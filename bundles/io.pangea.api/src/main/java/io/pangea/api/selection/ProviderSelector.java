package io.pangea.api.selection;

import io.pangea.api.Capability;
import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;

/** Chooses the active provider of every capability and hands it out for operations. */
@ProviderType
public interface ProviderSelector {

    /** The word that returns a capability to the ranking. */
    String AUTO = "auto";

    /** Every registered provider of the capability, best first, each eligible or with its reasons. */
    List<ProviderStatus> providers(Capability capability);

    /** The active provider of the capability, if any provider is eligible. */
    Optional<ProviderStatus> active(Capability capability);

    /** The operator's override for the capability, if one is configured (it may name an absent provider). */
    Optional<String> override(Capability capability);

    /**
     * Sets the operator's override, persisted in the selector's configuration; {@link #AUTO} removes it.
     *
     * @throws IllegalArgumentException when no provider of that name is registered or it is not eligible; the
     *                                  message says which providers there are or why this one is ineligible
     */
    void select(Capability capability, String provider);

    /**
     * Leases the active provider of the capability whose interface is {@code type}, for one operation.
     *
     * @throws NoProviderException when no provider of the capability is eligible
     */
    <T> Lease<T> lease(Class<T> type);

    /**
     * Leases a provider that reads and writes {@code codec}, the active one when it does, else the best eligible
     * one that does: what a reader of stored data needs, whatever is active now.
     *
     * @throws NoProviderException when no eligible provider of that codec is registered
     */
    <T> Lease<T> lease(Class<T> type, String codec);
}
