package io.pangea.erasure.isal.internal;

import io.pangea.api.ProviderProperties;
import io.pangea.api.erasure.ErasureCoder;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsalProviderTest {
    /** The properties DS hands the component, as written by its annotations. */
    private static final Map<String, Object> COMPONENT_PROPERTIES = Map.of(
            "component.name", IsalProvider.class.getName(),
            ProviderProperties.CAPABILITY, "erasure",
            ProviderProperties.PROVIDER, "isal",
            ProviderProperties.CODEC, "rs-cauchy-gf256",
            ProviderProperties.REQUIRES, new String[] {"cpu.avx2"},
            "service.ranking", 100);

    /** A bundle context that records the one registration it is asked for. */
    private static final class RecordingContext {
        Object service;
        Map<String, Object> properties;
        final AtomicBoolean unregistered = new AtomicBoolean();

        BundleContext proxy() {
            ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (p, method, args) -> {
                        if (method.getName().equals("unregister")) {
                            unregistered.set(true);
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (p, method, args) -> {
                        if (method.getName().equals("registerService") && args[0] == ErasureCoder.class) {
                            service = args[1];
                            properties = new HashMap<>();
                            Dictionary<?, ?> dictionary = (Dictionary<?, ?>) args[2];
                            for (var keys = dictionary.keys(); keys.hasMoreElements(); ) {
                                Object key = keys.nextElement();
                                properties.put((String) key, dictionary.get(key));
                            }
                            return registration;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void registersTheIsalCoderWhenTheLibraryLoads() {
        RecordingContext context = new RecordingContext();
        IsalProvider provider = new IsalProvider(context.proxy(), COMPONENT_PROPERTIES);
        assertThat(context.service).isInstanceOf(IsalErasureCoder.class);
        assertThat(context.properties)
                .containsEntry(ProviderProperties.CAPABILITY, "erasure")
                .containsEntry(ProviderProperties.PROVIDER, "isal")
                .containsEntry(ProviderProperties.CODEC, "rs-cauchy-gf256")
                .containsEntry("service.ranking", 100)
                .doesNotContainKeys(ProviderProperties.UNAVAILABLE, "component.name");
        assertThat((String[]) context.properties.get(ProviderProperties.REQUIRES)).containsExactly("cpu.avx2");
        provider.deactivate();
        assertThat(context.unregistered).isTrue();
    }

    @Test
    void registersAnUnavailableCoderWithTheReasonWhenTheLibraryDoesNotLoad() {
        RecordingContext context = new RecordingContext();
        IsalProvider provider = new IsalProvider(context.proxy(), COMPONENT_PROPERTIES, () -> {
            throw new UnsatisfiedLinkError("no pangea-isal in java.library.path");
        });
        assertThat(context.properties)
                .containsEntry(ProviderProperties.PROVIDER, "isal")
                .containsEntry("service.ranking", 100)
                .containsEntry(ProviderProperties.UNAVAILABLE, "pangea-isal did not load: "
                        + "java.lang.UnsatisfiedLinkError: no pangea-isal in java.library.path");
        ErasureCoder coder = (ErasureCoder) context.service;
        assertThat(coder.codec()).isEqualTo("rs-cauchy-gf256");
        assertThatThrownBy(() -> coder.encode(new ByteBuffer[] {ByteBuffer.allocate(1)}, new ByteBuffer[0]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("pangea-isal did not load");
        provider.deactivate();
        assertThat(context.unregistered).isTrue();
    }
}
