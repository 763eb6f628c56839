package io.pangea.api;

import io.pangea.api.cipher.Aead;
import io.pangea.api.compression.Compressor;
import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.dht.Dht;
import io.pangea.api.erasure.ErasureCoder;
import io.pangea.api.guard.Guard;
import io.pangea.api.storage.StorageEngine;
import io.pangea.api.transport.Transport;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The capabilities of a node, each with the name used in service properties, configuration and commands, and
 * the interface its providers implement.
 */
public enum Capability {
    COMPRESSION("compression", Compressor.class),
    CIPHER("cipher", Aead.class),
    ERASURE("erasure", ErasureCoder.class),
    STORAGE("storage", StorageEngine.class),
    TRANSPORT("transport", Transport.class),
    DHT("dht", Dht.class),
    GUARD("guard", Guard.class),
    CONNTRACK("conntrack", ConnectionTracker.class);

    private final String id;
    private final Class<?> type;

    Capability(String id, Class<?> type) {
        this.id = id;
        this.type = type;
    }

    /** The name in {@value ProviderProperties#CAPABILITY}, in configuration and on the command line. */
    public String id() {
        return id;
    }

    /** The service interface providers of this capability register. */
    public Class<?> type() {
        return type;
    }

    public static Optional<Capability> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    /**
     * The capability an operator named, for commands and forms.
     *
     * @throws IllegalArgumentException naming the known capabilities when {@code id} is not one
     */
    public static Capability parse(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException("unknown capability '" + id + "'; known: "
                + Arrays.stream(values()).map(Capability::id).collect(Collectors.joining(", "))));
    }

    public static Optional<Capability> byType(Class<?> type) {
        return Arrays.stream(values()).filter(c -> c.type.equals(type)).findFirst();
    }
}
