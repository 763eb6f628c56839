package io.pangea.transport.quic.internal;

import io.pangea.api.ProviderProperties;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Map;

/**
 * Test access to the QUIC transport's DS component from other modules (same package, test classpath only): starts
 * one on 127.0.0.1 with an ephemeral UDP port through its public activation constructor, serves whiteboard
 * handlers on it, stops it.
 */
public final class QuicTransports {
    private QuicTransports() {
    }

    /** A started component and the transport it registered. */
    public static final class Running {
        private final QuicTransportComponent component;

        private Running(QuicTransportComponent component) {
            this.component = component;
        }

        public Transport transport() {
            return component.transport();
        }
    }

    /**
     * Starts a QUIC transport with the node key in {@code identityFile} (the TCP transport's, for one peer id).
     *
     * @throws IllegalStateException with the reason when it registered as unavailable (say, no native library)
     */
    public static Running start(Path identityFile) {
        Map<String, Object> values = Map.of("listenAddress", "/ip4/127.0.0.1/udp/0/quic-v1",
                "identityFile", identityFile.toString(), "ioThreads", 1);
        QuicTransportConfiguration configuration = (QuicTransportConfiguration) Proxy.newProxyInstance(
                QuicTransportConfiguration.class.getClassLoader(), new Class<?>[] {QuicTransportConfiguration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return QuicTransportConfiguration.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
        Object[] unavailable = new Object[1];
        // The component registers its Transport itself; this context only keeps the reason it may give.
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    unavailable[0] = ((Dictionary<?, ?>) args[2]).get(ProviderProperties.UNAVAILABLE);
                    return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
                });
        QuicTransportComponent component = new QuicTransportComponent(context, configuration,
                Map.of(ProviderProperties.PROVIDER, "quic", "service.ranking", 20), null);
        if (unavailable[0] != null) {
            component.deactivate();
            throw new IllegalStateException("the QUIC transport is unavailable: " + unavailable[0]);
        }
        return new Running(component);
    }

    public static void serve(Running running, String protocol, ProtocolHandler handler) {
        running.component.addProtocolHandler(handler, Map.of(ProtocolHandler.PROTOCOL, protocol));
    }

    public static void stop(Running running) {
        running.component.deactivate();
    }
}
