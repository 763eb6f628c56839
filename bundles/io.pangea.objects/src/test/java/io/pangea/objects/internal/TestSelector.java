package io.pangea.objects.internal;

import io.pangea.api.Capability;
import io.pangea.api.cipher.Aead;
import io.pangea.api.compression.Compressor;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import io.pangea.api.storage.StorageEngine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A selector over providers constructed in the test: the first registered provider of a capability is active
 * until {@link #activate} names another; leasing by codec prefers the active one, as the real selector does.
 * Counts leases per provider and the leases still open.
 */
final class TestSelector implements ProviderSelector {
    record Registered(Capability capability, String name, String codec, Object provider) {
    }

    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final Map<Capability, String> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> leases = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    TestSelector register(String name, Object provider) {
        Capability capability;
        String codec;
        if (provider instanceof Compressor c) {
            capability = Capability.COMPRESSION;
            codec = c.codec();
        } else if (provider instanceof Aead a) {
            capability = Capability.CIPHER;
            codec = a.codec();
        } else if (provider instanceof ErasureCoder e) {
            capability = Capability.ERASURE;
            codec = e.codec();
        } else if (provider instanceof StorageEngine) {
            capability = Capability.STORAGE;
            codec = ObjectLayout.CODEC;
        } else {
            throw new IllegalArgumentException("not a provider: " + provider);
        }
        registered.add(new Registered(capability, name, codec, provider));
        active.putIfAbsent(capability, name);
        return this;
    }

    /** Makes the named providers the active ones of their capabilities. */
    TestSelector activate(String... names) {
        for (String name : names) {
            Registered r = registered.stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no provider " + name));
            active.put(r.capability(), name);
        }
        return this;
    }

    /** Removes the provider, as uninstalling its bundle would. */
    TestSelector unregister(String name) {
        registered.removeIf(p -> p.name().equals(name));
        active.entrySet().removeIf(e -> e.getValue().equals(name));
        for (Registered r : registered) {
            active.putIfAbsent(r.capability(), r.name());
        }
        return this;
    }

    int leases(String name) {
        return leases.getOrDefault(name, new AtomicInteger()).get();
    }

    int openLeases() {
        return open.get();
    }

    @Override
    public List<ProviderStatus> providers(Capability capability) {
        return registered.stream().filter(r -> r.capability() == capability)
                .map(r -> new ProviderStatus(capability, r.name(), r.codec(), 0, List.of(), true,
                        r.name().equals(active.get(capability)), List.of(), "test"))
                .toList();
    }

    @Override
    public Optional<ProviderStatus> active(Capability capability) {
        return providers(capability).stream().filter(ProviderStatus::active).findFirst();
    }

    @Override
    public Optional<String> override(Capability capability) {
        return Optional.empty();
    }

    @Override
    public void select(Capability capability, String provider) {
        activate(provider);
    }

    @Override
    public <T> Lease<T> lease(Class<T> type) {
        Capability capability = Capability.byType(type).orElseThrow();
        String name = active.get(capability);
        return registered.stream().filter(r -> r.name().equals(name)).findFirst()
                .map(r -> lease(type, r))
                .orElseThrow(() -> new NoProviderException("no eligible provider of " + capability.id()));
    }

    @Override
    public <T> Lease<T> lease(Class<T> type, String codec) {
        Capability capability = Capability.byType(type).orElseThrow();
        String name = active.get(capability);
        return registered.stream().filter(r -> r.capability() == capability && r.codec().equals(codec))
                .sorted((a, b) -> Boolean.compare(b.name().equals(name), a.name().equals(name)))
                .findFirst()
                .map(r -> lease(type, r))
                .orElseThrow(() -> new NoProviderException("no eligible provider of " + capability.id()
                        + " reads codec " + codec));
    }

    private <T> Lease<T> lease(Class<T> type, Registered r) {
        leases.computeIfAbsent(r.name(), n -> new AtomicInteger()).incrementAndGet();
        open.incrementAndGet();
        T provider = type.cast(r.provider());
        return new Lease<>() {
            private boolean closed;

            @Override
            public T provider() {
                return provider;
            }

            @Override
            public String name() {
                return r.name();
            }

            @Override
            public String codec() {
                return r.codec();
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    open.decrementAndGet();
                }
            }
        };
    }
}
