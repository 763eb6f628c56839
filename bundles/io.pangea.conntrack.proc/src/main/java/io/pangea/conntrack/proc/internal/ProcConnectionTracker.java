package io.pangea.conntrack.proc.internal;

import io.pangea.api.conntrack.ConnectionIds;
import io.pangea.api.PangeaProvider;
import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The node's connections as the kernel lists its sockets in {@code /proc/net}: TCP in a connected state and
 * connected UDP, IPv4 and IPv6. Needs no rights and no kernel feature, so it is always eligible, ranked below a
 * kernel-side tracker. {@code /proc} has no traffic counters: {@link TrackedConnection#packets()} and
 * {@link TrackedConnection#bytes()} are always {@code -1}. {@code firstSeen} is when this tracker first listed the
 * connection, {@code lastSeen} the latest scan; ids follow {@link ConnectionIds} (codec conntrack-v1).
 * <p>
 * {@link #watch} shares one daemon poller among all watchers, running only while any is open; each watcher is
 * told of the connections that appear after it started (those already open are in {@link #connections()}).
 */
@Component(name = ProcConnectionTracker.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=10")
@PangeaProvider(capability = "conntrack", provider = "proc", codec = ProcConnectionTracker.CODEC)
@Designate(ocd = ProcConntrackConfiguration.class)
public class ProcConnectionTracker implements ConnectionTracker {
    static final String PID = "io.pangea.conntrack.proc";
    static final String CODEC = ConnectionIds.CODEC;
    private static final System.Logger LOG = System.getLogger(ProcConnectionTracker.class.getName());
    private static final String[] TABLES = {"tcp", "tcp6", "udp", "udp6"};

    private final Path netDir;
    private final long intervalMillis;
    private final Clock clock;
    /** First sighting per id, of the connections in the latest scan only. Guarded by {@code this}. */
    private Map<Long, Instant> firstSeen = new HashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    /** Guarded by {@code this}; both null while nothing watches. */
    private ScheduledExecutorService poller;
    private ScheduledFuture<?> polling;

    @Activate
    public ProcConnectionTracker(ProcConntrackConfiguration configuration) {
        this(Path.of("/proc/net"), configuration.intervalMillis(), Clock.systemUTC());
    }

    ProcConnectionTracker(Path netDir, long intervalMillis, Clock clock) {
        this.netDir = netDir;
        this.intervalMillis = Math.max(10, intervalMillis);
        this.clock = clock;
    }

    @Override
    public List<TrackedConnection> connections() {
        return scan();
    }

    /** Reads the four tables; a table that is missing or unreadable (no IPv6, say) counts as empty. */
    synchronized List<TrackedConnection> scan() {
        Instant now = clock.instant();
        Map<Long, Instant> seen = new HashMap<>();
        List<TrackedConnection> connections = new ArrayList<>();
        for (String table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(netDir.resolve(table));
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (ProcNetParser.Socket socket : ProcNetParser.parse(table, lines)) {
                long id = ConnectionIds.id(socket.protocol(), socket.local(), socket.remote());
                Instant first = seen.computeIfAbsent(id, k -> firstSeen.getOrDefault(k, now));
                connections.add(new TrackedConnection(id, socket.protocol(), socket.local(), socket.remote(),
                        -1, -1, first, now));
            }
        }
        firstSeen = seen;
        return connections;
    }

    @Override
    public AutoCloseable watch(Consumer<TrackedConnection> onNew) {
        Watcher watcher = new Watcher(onNew);
        watcher.known = ids(scan());
        synchronized (this) {
            watchers.add(watcher);
            if (poller == null) {
                poller = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "pangea-conntrack-proc");
                    thread.setDaemon(true);
                    return thread;
                });
                polling = poller.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis,
                        TimeUnit.MILLISECONDS);
            }
        }
        return () -> unwatch(watcher);
    }

    private synchronized void unwatch(Watcher watcher) {
        watcher.closed = true;
        watchers.remove(watcher);
        if (watchers.isEmpty()) {
            stop();
        }
    }

    @Deactivate
    synchronized void stop() {
        watchers.clear();
        if (poller != null) {
            polling.cancel(false);
            poller.shutdownNow();
            poller = null;
            polling = null;
        }
    }

    /** Whether the poller runs. */
    synchronized boolean polling() {
        return poller != null;
    }

    private void poll() {
        try {
            List<TrackedConnection> current = scan();
            Set<Long> ids = ids(current);
            for (Watcher watcher : watchers) {
                if (watcher.closed) {
                    continue;
                }
                Set<Long> known = watcher.known;
                for (TrackedConnection connection : current) {
                    if (!watcher.closed && !known.contains(connection.id())) {
                        known.add(connection.id()); // once per id, though both ends of a local connection are listed
                        try {
                            watcher.onNew.accept(connection);
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.WARNING, "a conntrack watcher failed", e);
                        }
                    }
                }
                watcher.known = new HashSet<>(ids); // only what is open now: bounded
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "scanning /proc/net failed", e);
        }
    }

    private static Set<Long> ids(List<TrackedConnection> connections) {
        Set<Long> ids = new HashSet<>();
        connections.forEach(c -> ids.add(c.id()));
        return ids;
    }

    /** Touched only by the poller thread once registered. */
    private static final class Watcher {
        final Consumer<TrackedConnection> onNew;
        volatile Set<Long> known;
        volatile boolean closed;

        Watcher(Consumer<TrackedConnection> onNew) {
            this.onNew = onNew;
        }
    }
}
