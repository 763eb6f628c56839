package io.pangea.p2p.host;

import io.pangea.api.transport.ProtocolHandler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The protocols this node serves on inbound streams: the transport's own (Identify, Ping) and the
 * {@link ProtocolHandler} whiteboard services. When two handlers claim one protocol the first registered serves it
 * and the other takes over if the first goes away. Thread-safe.
 */
public final class ProtocolRegistry {
    private static final int MAX_PROTOCOL_ID_LENGTH = 1000;

    private final Map<String, Deque<ProtocolHandler>> handlers = new TreeMap<>();

    /** @throws IllegalArgumentException if {@code protocol} cannot be negotiated with multistream-select */
    public synchronized void register(String protocol, ProtocolHandler handler) {
        check(protocol);
        handlers.computeIfAbsent(protocol, p -> new ArrayDeque<>()).add(handler);
    }

    public synchronized void unregister(String protocol, ProtocolHandler handler) {
        Deque<ProtocolHandler> registered = handlers.get(protocol);
        if (registered != null && registered.remove(handler) && registered.isEmpty()) {
            handlers.remove(protocol);
        }
    }

    /**
     * Registers a whiteboard handler for every protocol its {@value ProtocolHandler#PROTOCOL} service property names;
     * what cannot be registered (no property, an id multistream-select cannot carry) is reported to {@code warn}.
     */
    public void register(ProtocolHandler handler, Map<String, ?> serviceProperties, Consumer<String> warn) {
        List<String> protocols = protocols(serviceProperties);
        if (protocols.isEmpty()) {
            warn.accept("ignoring protocol handler " + handler + ": it has no " + ProtocolHandler.PROTOCOL
                    + " property");
        }
        for (String protocol : protocols) {
            try {
                register(protocol, handler);
            } catch (IllegalArgumentException e) {
                warn.accept("ignoring protocol handler " + handler + " for " + protocol + ": " + e.getMessage());
            }
        }
    }

    /** Unregisters a whiteboard handler from every protocol its service property names. */
    public void unregister(ProtocolHandler handler, Map<String, ?> serviceProperties) {
        for (String protocol : protocols(serviceProperties)) {
            unregister(protocol, handler);
        }
    }

    /** The {@value ProtocolHandler#PROTOCOL} service property: one id, an array or a collection of them. */
    public static List<String> protocols(Map<String, ?> serviceProperties) {
        Object value = serviceProperties.get(ProtocolHandler.PROTOCOL);
        if (value instanceof String protocol) {
            return List.of(protocol);
        }
        if (value instanceof Object[] protocols) {
            return Arrays.stream(protocols).map(String::valueOf).toList();
        }
        if (value instanceof Collection<?> protocols) {
            return protocols.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    public synchronized Optional<ProtocolHandler> handler(String protocol) {
        Deque<ProtocolHandler> registered = handlers.get(protocol);
        return registered == null ? Optional.empty() : Optional.ofNullable(registered.peekFirst());
    }

    public synchronized boolean supports(String protocol) {
        return handlers.containsKey(protocol);
    }

    /** The protocols served, sorted. */
    public synchronized List<String> protocols() {
        return new ArrayList<>(handlers.keySet());
    }

    public static void check(String protocol) {
        if (protocol == null || protocol.isEmpty() || protocol.indexOf('\n') >= 0
                || protocol.length() > MAX_PROTOCOL_ID_LENGTH || protocol.equals("na") || protocol.equals("ls")
                || protocol.startsWith("/multistream/")) {
            throw new IllegalArgumentException("not a protocol id that multistream-select can negotiate: \""
                    + protocol + "\"");
        }
    }
}
