package io.pangea.conntrack.tc.internal;

import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.bpf.BpfLink;
import io.pangea.bpf.BpfRingBuffer;
import io.pangea.bpf.TcDirection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The conntrack program attached to the node's interfaces, as a {@link ConnectionTracker}.
 * <p>
 * One daemon thread polls the ring buffer for as long as the tracker lives and hands every new connection to
 * the watchers; another deletes entries idle longer than the timeout, since an LRU map only evicts when full.
 * Closing detaches every link, and a JVM that dies without closing leaves nothing attached either: every
 * attachment is a TCX link owned by this process.
 * <p>
 * Which end is the node's: the end whose address is one of the node's when exactly one is, else (loopback, where
 * both are, or forwarded traffic, where neither is) the orientation of the connection's first packet — its
 * source when it was seen leaving (egress), its destination when it was seen arriving (ingress). On loopback that
 * makes the initiator's end local.
 */
final class TcConnectionTracker implements ConnectionTracker, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TcConnectionTracker.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);

    private final ConntrackProgram program;
    private final List<TrackedInterface> interfaces;
    private final List<BpfLink> links;
    private final Duration idleTimeout;
    private final Supplier<Set<InetAddress>> localAddresses;
    private final KernelClock clock;
    private final List<Consumer<TrackedConnection>> watchers = new CopyOnWriteArrayList<>();
    private final BpfRingBuffer events;
    private final Thread poller;
    private final ScheduledExecutorService collector;
    private volatile boolean closed;

    private TcConnectionTracker(ConntrackProgram program, List<TrackedInterface> interfaces, List<BpfLink> links,
            Duration idleTimeout, Supplier<Set<InetAddress>> localAddresses, KernelClock clock) {
        this.program = program;
        this.interfaces = List.copyOf(interfaces);
        this.links = List.copyOf(links);
        this.idleTimeout = idleTimeout;
        this.localAddresses = localAddresses;
        this.clock = clock;
        events = program.events();
        poller = new Thread(this::pollEvents, "pangea-conntrack-tc-events");
        poller.setDaemon(true);
        collector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "pangea-conntrack-tc-gc");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Loads the program and attaches it to every interface of the calling thread's network namespace; all or
     * nothing, so that the node never believes it tracks an interface it does not.
     *
     * @param idleTimeout entries idle longer are deleted; the collector runs every quarter of it (1 s to 60 s)
     * @throws io.pangea.bpf.BpfException naming what the kernel refused
     * @throws IOException when the program is not in the bundle
     */
    static TcConnectionTracker start(List<TrackedInterface> interfaces, ConntrackProgram.Settings settings,
            Duration idleTimeout, Supplier<Set<InetAddress>> localAddresses, KernelClock clock) throws IOException {
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no interface to track");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive, not " + idleTimeout);
        }
        ConntrackProgram program = ConntrackProgram.load(settings);
        List<BpfLink> links = new ArrayList<>();
        try {
            for (TrackedInterface network : interfaces) {
                for (TcDirection direction : network.hooks()) {
                    try {
                        links.add(program.attach(network.index(), direction));
                    } catch (RuntimeException e) {
                        throw new IllegalStateException("could not attach conntrack to the "
                                + direction.name().toLowerCase() + " of " + network.name() + ": " + e.getMessage(), e);
                    }
                }
            }
            TcConnectionTracker tracker = new TcConnectionTracker(program, interfaces, links, idleTimeout,
                    localAddresses, clock);
            tracker.poller.start();
            long every = Math.min(60_000, Math.max(1_000, idleTimeout.toMillis() / 4));
            tracker.collector.scheduleWithFixedDelay(tracker::collectQuietly, every, every, TimeUnit.MILLISECONDS);
            return tracker;
        } catch (RuntimeException e) {
            links.forEach(BpfLink::close);
            program.close();
            throw e;
        }
    }

    @Override
    public List<TrackedConnection> connections() {
        requireOpen();
        Set<InetAddress> locals = localAddresses.get();
        List<TrackedConnection> connections = new ArrayList<>();
        for (ConntrackProgram.Entry entry : program.entries()) {
            ConntrackLayout.Flow flow = entry.flow();
            Ends ends = ends(entry.key(), flow.firstDirection(), flow.firstHook(), locals);
            connections.add(new TrackedConnection(flow.id(), entry.key().protocolName(), ends.local(), ends.remote(),
                    flow.totalPackets(), flow.totalBytes(), clock.instant(flow.firstSeenNanos()),
                    clock.instant(flow.lastSeenNanos())));
        }
        return connections;
    }

    /** Watchers are called on the tracker's event thread, one event at a time, in the order the kernel saw them. */
    @Override
    public AutoCloseable watch(Consumer<TrackedConnection> onNew) {
        requireOpen();
        watchers.add(onNew);
        return () -> watchers.remove(onNew);
    }

    ConntrackProgram.Counters counters() {
        return program.counters();
    }

    List<BpfLink> links() {
        return links;
    }

    /** Deletes the entries idle longer than the timeout: how many. */
    int collectIdle() {
        long now = clock.nowNanos();
        long limit = idleTimeout.toNanos();
        int deleted = 0;
        for (ConntrackProgram.Entry entry : program.entries()) {
            if (now - entry.flow().lastSeenNanos() <= limit) {
                continue;
            }
            // A packet may have arrived since the table was read: look again right before deleting. A packet
            // in the last microseconds can still be lost to the delete; it then starts a new entry.
            boolean stillIdle = program.flow(entry.rawKey())
                    .map(flow -> now - flow.lastSeenNanos() > limit).orElse(false);
            if (stillIdle && program.delete(entry.rawKey())) {
                deleted++;
            }
        }
        return deleted;
    }

    private void collectQuietly() {
        try {
            collectIdle();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "collecting idle conntrack entries failed", e);
            }
        }
    }

    private void pollEvents() {
        while (!closed) {
            try {
                events.poll(POLL, this::deliver);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "reading conntrack events failed", e);
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void deliver(java.nio.ByteBuffer record) {
        if (watchers.isEmpty()) {
            return;
        }
        ConntrackLayout.Event event = ConntrackLayout.event(record);
        TrackedConnection connection = connection(event, localAddresses.get());
        for (Consumer<TrackedConnection> watcher : watchers) {
            try {
                watcher.accept(connection);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a conntrack watcher failed", e);
            }
        }
    }

    TrackedConnection connection(ConntrackLayout.Event event, Set<InetAddress> locals) {
        Ends ends = ends(event.key(), event.direction(), event.hook(), locals);
        var seen = clock.instant(event.timestampNanos());
        return new TrackedConnection(event.id(), event.key().protocolName(), ends.local(), ends.remote(),
                event.packets(), event.bytes(), seen, seen);
    }

    /** The node's end and the other. */
    record Ends(InetSocketAddress local, InetSocketAddress remote) {
    }

    static Ends ends(ConntrackLayout.Key key, int firstDirection, int firstHook, Set<InetAddress> locals) {
        boolean lowerLocal = locals.contains(key.lower().getAddress());
        boolean higherLocal = locals.contains(key.higher().getAddress());
        if (lowerLocal != higherLocal) {
            return lowerLocal ? new Ends(key.lower(), key.higher()) : new Ends(key.higher(), key.lower());
        }
        boolean fromLower = firstDirection == ConntrackLayout.LOWER_TO_HIGHER;
        InetSocketAddress source = fromLower ? key.lower() : key.higher();
        InetSocketAddress destination = fromLower ? key.higher() : key.lower();
        return firstHook == ConntrackLayout.EGRESS ? new Ends(source, destination) : new Ends(destination, source);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the TC conntrack provider is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watchers.clear();
        collector.shutdownNow();
        try {
            poller.join(2 * POLL.toMillis() + 1_000);
            collector.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        links.forEach(BpfLink::close);
        program.close();
    }

    @Override
    public String toString() {
        return "TC conntrack on " + interfaces.stream().map(TrackedInterface::toString)
                .collect(Collectors.joining(", ")) + ", up to " + program.capacity() + " connections, idle after "
                + idleTimeout.toSeconds() + " s";
    }
}
