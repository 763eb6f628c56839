package io.pangea.cipher.xchacha.jni.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.cipher.Aead;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Registers the native XChaCha20-Poly1305. The registration is done here rather than by DS so that a library
 * that cannot load (no libcrypto.so.3, another platform) still shows up, ineligible, with the reason — instead of
 * silently missing.
 */
@Component(immediate = true, property = "service.ranking:Integer=100")
@PangeaProvider(capability = "cipher", provider = "xchacha20-poly1305-native", codec = NativeXChaCha20Poly1305.CODEC,
        requires = "cpu.avx2")
public class XChaChaJniProvider {
    private final ServiceRegistration<Aead> registration;

    @Activate
    public XChaChaJniProvider(BundleContext context, Map<String, Object> properties) {
        this(context, properties, XChaChaNative::load);
    }

    /** @param loader loads the library and says why it cannot be used; the seam for the unavailable path */
    XChaChaJniProvider(BundleContext context, Map<String, Object> properties, Supplier<Optional<String>> loader) {
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("pangea.") || key.equals("service.ranking")) {
                serviceProperties.put(key, value);
            }
        });
        String unavailable;
        try {
            unavailable = loader.get().orElse(null);
        } catch (LinkageError | RuntimeException e) {
            unavailable = "native library did not load: " + e;
        }
        if (unavailable != null) {
            serviceProperties.put(ProviderProperties.UNAVAILABLE, unavailable);
        }
        registration = context.registerService(Aead.class, new NativeXChaCha20Poly1305(unavailable), serviceProperties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
