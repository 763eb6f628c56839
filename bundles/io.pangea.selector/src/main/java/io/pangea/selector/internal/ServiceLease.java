package io.pangea.selector.internal;

import io.pangea.api.selection.Lease;
import org.osgi.framework.ServiceObjects;

import java.util.concurrent.atomic.AtomicBoolean;

/** Holds a provider's service object for one operation; closing releases it once. */
final class ServiceLease<T> implements Lease<T> {
    private final T provider;
    private final String name;
    private final String codec;
    private final ServiceObjects<Object> objects;
    private final AtomicBoolean closed = new AtomicBoolean();

    ServiceLease(T provider, String name, String codec, ServiceObjects<Object> objects) {
        this.provider = provider;
        this.name = name;
        this.codec = codec;
        this.objects = objects;
    }

    @Override
    public T provider() {
        return provider;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String codec() {
        return codec;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                objects.ungetService(provider);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // The provider's bundle is already gone: nothing left to release.
            }
        }
    }
}
