package io.pangea.storage.uring.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.facts.FactNames;
import io.pangea.api.storage.StorageEngine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the io_uring storage engine. The registration is done here rather than by DS so that an engine that
 * cannot start — the native library did not load, or the kernel refused the ring (io_uring_disabled, seccomp,
 * memlock limits) — still shows up, ineligible, with the reason, instead of silently missing. Activation never
 * throws.
 */
@Component(name = UringProvider.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=100")
@PangeaProvider(capability = "storage", provider = "io_uring", codec = UringStorageEngine.CODEC,
        requires = FactNames.IO_URING)
@Designate(ocd = UringConfiguration.class)
public class UringProvider {
    static final String PID = "io.pangea.storage.uring";

    private final UringStorageEngine engine;
    private final ServiceRegistration<StorageEngine> registration;

    /** The engine, or why there is none. */
    record Startup(Optional<UringStorageEngine> engine, Optional<String> unavailable) {
    }

    @Activate
    public UringProvider(BundleContext context, UringConfiguration configuration, Map<String, Object> properties) {
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("pangea.") || key.equals("service.ranking")) {
                serviceProperties.put(key, value);
            }
        });
        Startup startup = start(configuration.entries());
        engine = startup.engine().orElse(null);
        startup.unavailable().ifPresent(reason -> serviceProperties.put(ProviderProperties.UNAVAILABLE, reason));
        StorageEngine service = startup.engine().<StorageEngine>map(e -> e)
                .orElseGet(() -> new UnavailableEngine(startup.unavailable().orElseThrow()));
        registration = context.registerService(StorageEngine.class, service, serviceProperties);
    }

    /** Opens a ring of {@code entries}; whatever goes wrong becomes the reason, never an exception. */
    static Startup start(int entries) {
        Optional<String> loadFailure = NativeRing.loadFailure();
        if (loadFailure.isPresent()) {
            return new Startup(Optional.empty(), loadFailure);
        }
        try {
            return new Startup(Optional.of(UringStorageEngine.open(entries)), Optional.empty());
        } catch (IOException | LinkageError | RuntimeException e) {
            return new Startup(Optional.empty(), Optional.of(String.valueOf(e.getMessage())));
        }
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (engine != null) {
            engine.close();
        }
    }
}
