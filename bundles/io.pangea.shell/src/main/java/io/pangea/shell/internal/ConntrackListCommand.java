package io.pangea.shell.internal;

import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.conntrack.TrackedConnection;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.MultiaddrProtocol;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;

import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Predicate;

@Service
@Command(scope = "conntrack", name = "list", description = "Lists the node's connections as the active conntrack "
        + "provider tracks them: id, protocol, the node's end and the peer's, packets, bytes, age and idle time.")
public class ConntrackListCommand implements Action {
    static final List<String> SORTS = List.of("bytes", "packets", "age", "idle", "id");

    @Reference(optional = true)
    ProviderSelector selector;

    @Option(name = "--protocol", aliases = "-p", description = "Only connections of this protocol: tcp or udp")
    @Completion(value = StringsCompleter.class, values = {"tcp", "udp"})
    String protocol;

    @Option(name = "--port", description = "Only connections with this port at either end")
    int port;

    @Option(name = "--sort", aliases = "-s", description = "Order: bytes or packets (most first), age (oldest "
            + "first), idle (most recently active first) or id")
    @Completion(value = StringsCompleter.class, values = {"bytes", "packets", "age", "idle", "id"})
    String sort = "bytes";

    @Option(name = "--limit", aliases = "-n", description = "At most this many rows (0: all)")
    int limit;

    PrintStream out;
    Clock clock = Clock.systemUTC();

    @Override
    public Object execute() {
        Comparator<TrackedConnection> order = order(sort);
        Predicate<TrackedConnection> filter = filter(protocol, port);
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or positive");
        }
        PrintStream target = out != null ? out : System.out;
        try (Lease<ConnectionTracker> lease = lease(selector)) {
            List<TrackedConnection> all = lease.provider().connections();
            List<TrackedConnection> shown = all.stream().filter(filter).sorted(order)
                    .limit(limit == 0 ? Long.MAX_VALUE : limit).toList();
            Instant now = clock.instant();
            ShellTable table = new ShellTable();
            table.column("Id");
            table.column("Proto");
            table.column("Local");
            table.column("Remote");
            table.column("Packets").alignRight();
            table.column("Bytes").alignRight();
            table.column("Age").alignRight();
            table.column("Idle").alignRight();
            table.column("Peer");
            table.emptyTableText("(no connections)");
            Map<String, String> peers = knownPeers(selector);
            for (TrackedConnection c : shown) {
                table.addRow().addContent(id(c.id()), c.protocol(), endpoint(c.local()), endpoint(c.remote()),
                        c.packets() < 0 ? "-" : Long.toString(c.packets()),
                        c.bytes() < 0 ? "-" : Bytes.human(c.bytes()),
                        since(c.firstSeen(), now), since(c.lastSeen(), now),
                        peers.getOrDefault(peerKey(c.protocol(), c.remote()), "-"));
            }
            table.print(target);
            target.println(shown.size() + " of " + all.size() + " connection(s), provider " + lease.name()
                    + (shown.stream().anyMatch(c -> c.packets() < 0) ? " (no traffic counters: -)" : ""));
        }
        return null;
    }

    /**
     * The peers the node holds connections to, by "protocol remote-endpoint" as conntrack sees them: a libp2p TCP
     * connection is a tcp flow, a QUIC one a udp flow. Empty when no transport runs (the table then shows "-").
     */
    static Map<String, String> knownPeers(ProviderSelector selector) {
        Map<String, String> peers = new HashMap<>();
        try (DhtSupport.Transports transports = DhtSupport.transports(selector)) {
            for (DhtSupport.NodeTransport node : transports.all()) {
                node.transport().ifPresent(transport -> transport.connections().forEach(connection -> {
                    try {
                        Multiaddr remote = Multiaddr.parse(connection.remoteAddress());
                        String protocol = remote.isTcp() ? "tcp" : remote.isQuic() ? "udp" : null;
                        remote.socketAddress().filter(a -> protocol != null)
                                .ifPresent(a -> peers.put(peerKey(protocol, a), connection.remotePeer()));
                    } catch (RuntimeException e) {
                        // an address this shell cannot read names no flow: that connection stays unjoined
                    }
                }));
            }
        } catch (RuntimeException e) {
            return Map.of(); // no transports: connections are listed without peers
        }
        return peers;
    }

    static String peerKey(String protocol, InetSocketAddress remote) {
        return protocol + " " + endpoint(remote);
    }

    /** The active conntrack provider, or an error saying why there is none. */
    static Lease<ConnectionTracker> lease(ProviderSelector selector) {
        if (selector == null) {
            throw new IllegalStateException("no provider selector is running (is bundle io.pangea.selector started?)");
        }
        try {
            return selector.lease(ConnectionTracker.class);
        } catch (NoProviderException e) {
            throw new IllegalStateException("no conntrack provider is eligible (" + e.getMessage() + "); see "
                    + "pangea:providers conntrack, and install feature pangea-conntrack-proc or "
                    + "pangea-conntrack-tc", e);
        }
    }

    static Predicate<TrackedConnection> filter(String protocol, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        String wanted = protocol == null ? null : protocol.trim().toLowerCase(Locale.ROOT);
        if (wanted != null && !wanted.equals("tcp") && !wanted.equals("udp")) {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "'; known: tcp, udp");
        }
        return c -> (wanted == null || wanted.equals(c.protocol()))
                && (port == 0 || c.local().getPort() == port || c.remote().getPort() == port);
    }

    static Comparator<TrackedConnection> order(String sort) {
        String by = sort == null ? "bytes" : sort.trim().toLowerCase(Locale.ROOT);
        Comparator<TrackedConnection> ids = Comparator.comparing(TrackedConnection::id, Long::compareUnsigned);
        return switch (by) {
            case "bytes" -> Comparator.comparingLong(TrackedConnection::bytes).reversed().thenComparing(ids);
            case "packets" -> Comparator.comparingLong(TrackedConnection::packets).reversed().thenComparing(ids);
            case "age" -> Comparator.comparing(TrackedConnection::firstSeen).thenComparing(ids);
            case "idle" -> Comparator.comparing(TrackedConnection::lastSeen).reversed().thenComparing(ids);
            case "id" -> ids;
            default -> throw new IllegalArgumentException("unknown sort '" + sort + "'; known: "
                    + String.join(", ", SORTS));
        };
    }

    /** 16 hex digits, as an unsigned 64-bit id. */
    static String id(long id) {
        return String.format("%016x", id);
    }

    /** 192.0.2.1:7000, [2001:db8::1]:7000. */
    static String endpoint(InetSocketAddress address) {
        if (address.getAddress() == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        if (address.getAddress() instanceof Inet6Address v6) {
            String scope = v6.getScopeId() != 0 ? "%" + v6.getScopeId() : "";
            return "[" + compact(v6.getAddress()) + scope + "]:" + address.getPort();
        }
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * An IPv6 address as RFC 5952 writes it (2001:db8::1), not Java's 2001:db8:0:0:0:0:0:1: the multiaddr text,
     * which follows that RFC already.
     */
    static String compact(byte[] sixteen) {
        return Multiaddr.Component.of(MultiaddrProtocol.IP6, sixteen).valueText();
    }

    static String since(Instant then, Instant now) {
        return Bytes.duration(Math.max(0, Duration.between(then, now).toSeconds()));
    }
}
