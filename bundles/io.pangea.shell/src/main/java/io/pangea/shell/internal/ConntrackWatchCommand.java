package io.pangea.shell.internal;

import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

@Service
@Command(scope = "conntrack", name = "watch", description = "Prints every new connection the active conntrack "
        + "provider sees, until Ctrl-C, or until --count connections or --seconds have passed.")
public class ConntrackWatchCommand implements Action {
    /** New connections waiting to be printed; past this many, the newest are counted, not kept. */
    static final int BACKLOG = 1024;
    private static final long TICK_MILLIS = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    @Reference(optional = true)
    ProviderSelector selector;

    @Option(name = "--count", aliases = "-c", description = "Stop after this many connections (0: no limit)")
    int count;

    @Option(name = "--seconds", aliases = "-t", description = "Stop after this many seconds (0: no limit)")
    int seconds;

    @Option(name = "--protocol", aliases = "-p", description = "Only connections of this protocol: tcp or udp")
    @Completion(value = StringsCompleter.class, values = {"tcp", "udp"})
    String protocol;

    @Option(name = "--port", description = "Only connections with this port at either end")
    int port;

    PrintStream out;

    @Override
    public Object execute() throws Exception {
        if (count < 0 || seconds < 0) {
            throw new IllegalArgumentException("--count and --seconds must be 0 (no limit) or positive");
        }
        Predicate<TrackedConnection> filter = ConntrackListCommand.filter(protocol, port);
        PrintStream target = out != null ? out : System.out;
        // The provider's thread only queues; this thread prints, so a slow terminal never stalls the provider.
        BlockingQueue<TrackedConnection> queue = new ArrayBlockingQueue<>(BACKLOG);
        AtomicLong overflow = new AtomicLong();
        long printed = 0;
        try (Lease<ConnectionTracker> lease = ConntrackListCommand.lease(selector);
             AutoCloseable watch = lease.provider().watch(c -> {
                 if (filter.test(c) && !queue.offer(c)) {
                     overflow.incrementAndGet();
                 }
             })) {
            target.println("watching new connections (provider " + lease.name() + ")"
                    + (count == 0 && seconds == 0 ? "; Ctrl-C stops" : ""));
            long deadline = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (count == 0 || printed < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TrackedConnection connection;
                try {
                    connection = queue.poll(Math.min(TimeUnit.NANOSECONDS.toMillis(left), TICK_MILLIS) + 1,
                            TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break; // Ctrl-C: the operator asked to stop, which is a clean end
                }
                if (connection != null) {
                    target.println(line(connection));
                    printed++;
                }
            }
        }
        target.println(printed + " new connection(s)" + (overflow.get() > 0
                ? "; " + overflow.get() + " more arrived faster than they could be printed and were skipped" : ""));
        return null;
    }

    /** {@code 12:00:01.250 tcp 192.0.2.1:7000 <- 192.0.2.2:40000 id 0123456789abcdef}. */
    static String line(TrackedConnection c) {
        return TIME.format(c.firstSeen()) + " " + c.protocol() + " " + ConntrackListCommand.endpoint(c.local())
                + " <-> " + ConntrackListCommand.endpoint(c.remote()) + " id " + ConntrackListCommand.id(c.id());
    }
}
