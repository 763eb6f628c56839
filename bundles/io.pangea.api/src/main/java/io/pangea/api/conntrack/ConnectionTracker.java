package io.pangea.api.conntrack;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.function.Consumer;

/** Tracks the node's connections. */
@ProviderType
public interface ConnectionTracker {

    List<TrackedConnection> connections();

    /** Calls {@code onNew} for every new connection until the returned handle is closed. */
    AutoCloseable watch(Consumer<TrackedConnection> onNew);
}
