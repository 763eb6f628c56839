package io.pangea.shell.internal;

import io.pangea.api.Capability;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider selector of the shell commands' tests: leases the providers a test offers, by interface, each under
 * a provider name and codec, and counts the leases taken and released so that a test sees every one closed. It
 * lists no providers, has no override and ignores select(); a test that needs a provider list overrides
 * providers() and active(), and one that picks providers itself overrides lease() and uses {@link #leaseOf}.
 * (io.pangea.api.testing.Fakes.Selector lists providers but leases none.)
 */
class LeasingSelector implements ProviderSelector {
    private record Offer(Object provider, String name, String codec) {
    }

    private final Map<Class<?>, Offer> offers = new ConcurrentHashMap<>();
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile String none;

    /** Leases provider for type under name and codec. */
    <T> LeasingSelector offer(Class<T> type, T provider, String name, String codec) {
        offers.put(type, new Offer(provider, name, codec));
        return this;
    }

    /**
     * The message of the NoProviderException for a type no provider is offered for; without one, "no eligible
     * provider of" and the type's simple name.
     */
    LeasingSelector whenNone(String message) {
        this.none = message;
        return this;
    }

    /** Leases handed out. */
    int leases() {
        return leases.get();
    }

    /** Leases closed. */
    int closed() {
        return closed.get();
    }

    /** Leases handed out and not closed yet. */
    int openLeases() {
        return leases.get() - closed.get();
    }

    @Override
    public List<ProviderStatus> providers(Capability capability) {
        return List.of();
    }

    @Override
    public Optional<ProviderStatus> active(Capability capability) {
        return Optional.empty();
    }

    @Override
    public Optional<String> override(Capability capability) {
        return Optional.empty();
    }

    @Override
    public void select(Capability capability, String provider) {
    }

    @Override
    public <T> Lease<T> lease(Class<T> type) {
        Offer offer = offers.get(type);
        if (offer == null) {
            String message = none;
            throw new NoProviderException(message != null ? message
                    : "no eligible provider of " + type.getSimpleName());
        }
        return leaseOf(type, offer.provider(), offer.name(), offer.codec());
    }

    /** The offered provider of type, whatever the codec. */
    @Override
    public <T> Lease<T> lease(Class<T> type, String codec) {
        return lease(type);
    }

    /** A lease of provider under name and codec, counted when taken and when closed. */
    protected final <T> Lease<T> leaseOf(Class<T> type, Object provider, String name, String codec) {
        leases.incrementAndGet();
        return new Lease<>() {
            @Override
            public T provider() {
                return type.cast(provider);
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
                closed.incrementAndGet();
            }
        };
    }
}
