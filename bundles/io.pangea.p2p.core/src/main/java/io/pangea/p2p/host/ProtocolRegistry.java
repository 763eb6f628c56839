package io.pangea.p2p.host;

import io.pangea.api.transport.ProtocolHandler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
