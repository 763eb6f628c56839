package io.pangea.guard.xdp.internal;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Which interfaces the guard attaches to: those configured, else those the default routes leave through — of the
 * JVM's network namespace ({@link #resolve}), or of the namespace the calling thread entered
 * ({@link #resolveInThreadNamespace}).
 */
final class GuardInterfaces {
    private static final Path PROC_NET = Path.of("/proc/net");
    /** The calling thread's namespace: /proc/net and NetworkInterface follow the process's first thread instead. */
    private static final Path THREAD_NET = Path.of("/proc/thread-self/net");

    /** An interface of this network namespace. */
    record Interface(String name, int index) {
    }

    private GuardInterfaces() {
    }

    /**
     * Resolves in the JVM's namespace.
     *
     * @throws IllegalArgumentException naming an interface that does not exist, or saying that there is none
     *                                  to guard
     */
    static List<Interface> resolve(String[] configured) {
        return resolve(configured, PROC_NET, GuardInterfaces::indexHere, "here");
    }

    /**
     * Resolves in the network namespace of the calling thread ({@link io.pangea.bpf.NetworkNamespace#run}), where
     * {@link NetworkInterface} cannot see: indexes from {@code dev_snmp6} (every interface with IPv6, up or down)
     * and, for an interface without IPv6, from {@code igmp} (every interface that is up).
     */
    static List<Interface> resolveInThreadNamespace(String[] configured, String namespace) {
        return resolve(configured, THREAD_NET, name -> indexIn(THREAD_NET, name), "in namespace " + namespace);
    }

    private static List<Interface> resolve(String[] configured, Path procNet, Function<String, OptionalInt> index,
                                           String where) {
        // "eth0, eth1" in one .cfg value is two interfaces, as are two values.
        List<String> names = configured == null ? List.of()
                : Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split("[,\\s]+")))
                        .filter(n -> !n.isEmpty()).distinct().toList();
        if (names.isEmpty()) {
            names = List.copyOf(defaultRouteInterfaces(procNet));
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no interface to guard: there is no default route " + where
                        + "; set interfaces in etc/" + XdpGuardProvider.PID + ".cfg");
            }
        }
        List<Interface> interfaces = new ArrayList<>();
        for (String name : names) {
            OptionalInt found = index.apply(name);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("interface '" + name + "' does not exist " + where);
            }
            interfaces.add(new Interface(name, found.getAsInt()));
        }
        return interfaces;
    }

    private static OptionalInt indexHere(String name) {
        try {
            NetworkInterface network = NetworkInterface.getByName(name);
            return network == null || network.getIndex() <= 0 ? OptionalInt.empty() : OptionalInt.of(network.getIndex());
        } catch (SocketException e) {
            return OptionalInt.empty();
        }
    }

    /** An interface's index as {@code procNet} tells it, without NetworkInterface. */
    static OptionalInt indexIn(Path procNet, String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            return OptionalInt.empty();
        }
        // dev_snmp6/<name> opens with "ifIndex <n>"
        for (String line : lines(procNet.resolve("dev_snmp6").resolve(name))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 2 && fields[0].equals("ifIndex")) {
                return OptionalInt.of(Integer.parseInt(fields[1]));
            }
        }
        // igmp: "<index>\t<name>  : ..." for every interface that is up
        for (String line : lines(procNet.resolve("igmp"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && fields[1].equals(name) && fields[0].matches("\\d+")) {
                return OptionalInt.of(Integer.parseInt(fields[0]));
            }
        }
        return OptionalInt.empty();
    }

    /** The interfaces of the IPv4 and IPv6 default routes (0.0.0.0/0, ::/0) of the JVM's namespace. */
    static Set<String> defaultRouteInterfaces() {
        return defaultRouteInterfaces(PROC_NET);
    }

    /** The interfaces of the IPv4 and IPv6 default routes (0.0.0.0/0, ::/0), loopback excluded. */
    static Set<String> defaultRouteInterfaces(Path procNet) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines(procNet.resolve("route"))) {
            String[] fields = line.trim().split("\\s+");
            // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
            if (fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                names.add(fields[0]);
            }
        }
        for (String line : lines(procNet.resolve("ipv6_route"))) {
            String[] fields = line.trim().split("\\s+");
            // destination, prefix length, source, source length, next hop, metric, refs, use, flags, interface
            if (fields.length == 10 && fields[0].matches("0{32}") && fields[1].equals("00")
                    && !fields[9].equals("lo")) {
                names.add(fields[9]);
            }
        }
        names.remove("lo");
        return names;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
