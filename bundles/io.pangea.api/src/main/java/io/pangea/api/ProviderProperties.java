package io.pangea.api;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The properties for a provider that registers its service itself rather than through DS, so that it still
     * registers, ineligible, when it cannot work: the component's {@code pangea.*} properties (those
     * {@link PangeaProvider} writes) and {@code service.ranking}, and {@link #UNAVAILABLE} with the reason when
     * there is one. Other component properties (configuration, {@code component.*}) are left out.
     *
     * @param componentProperties the component's properties, as DS passes them to its activation
     * @param unavailable         why the provider cannot work here, as it is to be shown; empty when it can
     * @return a new, modifiable table, ready for {@code BundleContext.registerService}
     */
    public static Hashtable<String, Object> serviceProperties(Map<String, ?> componentProperties,
            Optional<String> unavailable) {
        Hashtable<String, Object> properties = new Hashtable<>();
        componentProperties.forEach((key, value) -> {
            if (key.startsWith(PangeaProvider.PREFIX_) || key.equals("service.ranking")) {
                properties.put(key, value);
            }
        });
        unavailable.ifPresent(reason -> properties.put(UNAVAILABLE, reason));
        return properties;
    }
}
