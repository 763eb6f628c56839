package io.pangea.api;

/**
 * Service-property names a capability provider registers with. {@link PangeaProvider} writes them for DS
 * components; {@code service.ranking} orders the providers of one capability (higher is preferred).
 */
public final class ProviderProperties {
    /** The capability id, see {@link Capability#id()}. */
    public static final String CAPABILITY = "pangea.capability";
    /** The provider's name, unique within its capability (for example {@code zstd}). */
    public static final String PROVIDER = "pangea.provider";
    /**
     * Requirements on hardware facts that must all hold for the provider to be eligible. Each entry is a
     * {@link io.pangea.api.facts.Requirement} expression such as {@code cpu.avx2}, {@code !user.root} or
     * {@code kernel.version>=5.1}.
     */
    public static final String REQUIRES = "pangea.requires";
    /**
     * The codec id the provider reads and writes (for example {@code xchacha20-poly1305}). Providers sharing a
     * codec id are interchangeable byte for byte, so stored objects name codecs, never providers.
     */
    public static final String CODEC = "pangea.codec";
    /**
     * Set by a provider that registered but cannot work here, for example because its native library did not
     * load. The value is the reason; such a provider is never eligible.
     */
    public static final String UNAVAILABLE = "pangea.unavailable";

    private ProviderProperties() {
    }
}
