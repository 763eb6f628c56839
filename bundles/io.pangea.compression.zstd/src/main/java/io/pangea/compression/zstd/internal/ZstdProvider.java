package io.pangea.compression.zstd.internal;

import com.github.luben.zstd.util.Native;
import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.compression.Compressor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.Hashtable;
import java.util.Map;

/**
 * Registers the zstd compressor. The registration is done here rather than by DS so that a native library
 * that cannot load still shows up, ineligible, with the loader's reason — instead of silently missing.
 */
@Component(immediate = true, property = "service.ranking:Integer=100")
@PangeaProvider(capability = "compression", provider = "zstd", codec = ZstdCompressor.CODEC)
public class ZstdProvider {
    private final ServiceRegistration<Compressor> registration;

    @Activate
    public ZstdProvider(BundleContext context, Map<String, Object> properties) {
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("pangea.") || key.equals("service.ranking")) {
                serviceProperties.put(key, value);
            }
        });
        try {
            Native.load();
        } catch (LinkageError | RuntimeException e) {
            serviceProperties.put(ProviderProperties.UNAVAILABLE, "zstd native library did not load: " + e);
        }
        registration = context.registerService(Compressor.class, new ZstdCompressor(), serviceProperties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
