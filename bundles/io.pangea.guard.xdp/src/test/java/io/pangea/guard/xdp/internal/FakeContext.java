package io.pangea.guard.xdp.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;

/** A BundleContext that only records what is registered, for constructing the provider outside a framework. */
final class FakeContext {
    Object service;
    Map<String, Object> properties;
    boolean unregistered;

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("registerService") && arguments.length == 3) {
                        service = arguments[1];
                        Dictionary<?, ?> dictionary = (Dictionary<?, ?>) arguments[2];
                        properties = new HashMap<>();
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
                new Class<?>[]{ServiceRegistration.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered = true;
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An instance of configuration annotation {@code type}: its defaults, overridden by {@code values}. */
    static <A> A configuration(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("annotationType")) {
                        return type;
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                }));
    }
}
