package io.pangea.tracer.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link TracerConfiguration} as DS would build it from a .cfg file: given values, else the defaults. */
final class Configurations {
    private Configurations() {
    }

    static TracerConfiguration tracer(Map<String, Object> values) {
        return (TracerConfiguration) Proxy.newProxyInstance(Configurations.class.getClassLoader(),
                new Class<?>[]{TracerConfiguration.class}, (proxy, method, arguments) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    Object fallback = method.getDefaultValue();
                    if (fallback == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return fallback;
                });
    }
}
