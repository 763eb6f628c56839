package io.pangea.cipher.xchacha.jni.internal;

import io.pangea.api.ProviderProperties;
import io.pangea.api.cipher.Aead;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XChaChaJniProviderTest {
    /** What DS hands the component: the @PangeaProvider properties, the ranking and DS's own. */
    private static final Map<String, Object> COMPONENT_PROPERTIES = Map.of(
            "pangea.capability", "cipher",
            "pangea.provider", "xchacha20-poly1305-native",
            "pangea.codec", "xchacha20-poly1305",
            "pangea.requires", new String[] {"cpu.avx2"},
            "service.ranking", 100,
            "component.name", XChaChaJniProvider.class.getName(),
            "component.id", 7L);

    private final FakeContext context = new FakeContext();

    @Test
    void registersAnEligibleProviderWhenTheLibraryLoads() throws Exception {
        XChaChaJniProvider provider = new XChaChaJniProvider(context.proxy(), COMPONENT_PROPERTIES);

        assertThat(context.properties).containsEntry("pangea.provider", "xchacha20-poly1305-native")
                .containsEntry("pangea.codec", "xchacha20-poly1305").containsEntry("service.ranking", 100)
                .doesNotContainKeys(ProviderProperties.UNAVAILABLE, "component.name", "component.id");
        assertThat((String[]) context.properties.get("pangea.requires")).containsExactly("cpu.avx2");
        ByteBuffer sealed = ByteBuffer.allocate(19);
        context.service.seal(new byte[32], new byte[24], null, ByteBuffer.wrap(new byte[3]), sealed);
        assertThat(sealed.hasRemaining()).isFalse();

        provider.deactivate();
        assertThat(context.unregistered).isTrue();
    }

    @Test
    void registersAnUnavailableProviderWithTheReasonWhenTheLibraryDoesNotLoad() {
        new XChaChaJniProvider(context.proxy(), COMPONENT_PROPERTIES,
                () -> Optional.of("native library libpangea_xchacha.so did not load: simulated"));

        assertThat(context.properties).containsEntry(ProviderProperties.UNAVAILABLE,
                "native library libpangea_xchacha.so did not load: simulated")
                .containsEntry("pangea.provider", "xchacha20-poly1305-native").containsEntry("service.ranking", 100);
        assertThatThrownBy(() -> context.service.seal(new byte[32], new byte[24], null, ByteBuffer.allocate(0),
                ByteBuffer.allocate(16))).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated");
    }

    @Test
    void aLoaderThatThrowsDoesNotStopTheActivation() {
        new XChaChaJniProvider(context.proxy(), COMPONENT_PROPERTIES, () -> {
            throw new UnsatisfiedLinkError("libcrypto.so.3: cannot open shared object file");
        });
        assertThat((String) context.properties.get(ProviderProperties.UNAVAILABLE))
                .contains("UnsatisfiedLinkError").contains("libcrypto.so.3");
    }

    /** A bundle context that records the one registration. */
    private static final class FakeContext {
        Map<String, Object> properties;
        Aead service;
        boolean unregistered;

        BundleContext proxy() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (self, method, args) -> {
                        if (method.getName().equals("registerService") && args[0] == Aead.class) {
                            service = (Aead) args[1];
                            properties = new HashMap<>();
                            Dictionary<?, ?> dictionary = (Dictionary<?, ?>) args[2];
                            for (Object key : Collections.list(dictionary.keys())) {
                                properties.put((String) key, dictionary.get(key));
                            }
                            return registration();
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        private ServiceRegistration<?> registration() {
            return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (self, method, args) -> {
                        if (method.getName().equals("unregister")) {
                            unregistered = true;
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
