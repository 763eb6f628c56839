package io.pangea.erasure.isal.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.api.facts.FactNames;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Hashtable;
import java.util.Map;

/**
 * Registers the ISA-L erasure coder. The registration is done here rather than by DS so that a native library
 * that cannot load still shows up, ineligible, with the loader's reason — instead of silently missing.
 */
@Component(immediate = true, property = "service.ranking:Integer=100")
@PangeaProvider(capability = "erasure", provider = "isal", codec = IsalErasureCoder.CODEC,
        requires = FactNames.CPU_AVX2)
public class IsalProvider {
    /** lib{@value}.so, from Bundle-NativeCode or, in unit tests, java.library.path. */
    static final String LIBRARY = "pangea-isal";

    private final ServiceRegistration<ErasureCoder> registration;

    @Activate
    public IsalProvider(BundleContext context, Map<String, Object> properties) {
        this(context, properties, () -> System.loadLibrary(LIBRARY));
    }

    /** With the library loader as a parameter, so that tests can make it fail. */
    IsalProvider(BundleContext context, Map<String, Object> properties, Runnable libraryLoader) {
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("pangea.") || key.equals("service.ranking")) {
                serviceProperties.put(key, value);
            }
        });
        ErasureCoder coder;
        try {
            libraryLoader.run();
            coder = new IsalErasureCoder();
        } catch (LinkageError | RuntimeException e) {
            String reason = LIBRARY + " did not load: " + e;
            serviceProperties.put(ProviderProperties.UNAVAILABLE, reason);
            coder = new UnavailableCoder(reason);
        }
        registration = context.registerService(ErasureCoder.class, coder, serviceProperties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
