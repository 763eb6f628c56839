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
import java.util.Set;

/** Which interfaces the guard attaches to: those configured, else those the default routes leave through. */
final class GuardInterfaces {
    private static final Path IPV4_ROUTES = Path.of("/proc/net/route");
    private static final Path IPV6_ROUTES = Path.of("/proc/net/ipv6_route");

    /** An interface of this network namespace. */
    record Interface(String name, int index) {
    }

    private GuardInterfaces() {
    }

    /**
     * @throws IllegalArgumentException naming an interface that does not exist, or saying that there is none
     *                                  to guard
     */
    static List<Interface> resolve(String[] configured) {
        // "eth0, eth1" in one .cfg value is two interfaces, as are two values.
        List<String> names = configured == null ? List.of()
                : Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split("[,\\s]+")))
                        .filter(n -> !n.isEmpty()).distinct().toList();
        if (names.isEmpty()) {
            names = List.copyOf(defaultRouteInterfaces());
            if (names.isEmpty()) {
                throw new IllegalArgumentException("no interface to guard: there is no default route; set "
                        + "interfaces in etc/" + XdpGuardProvider.PID + ".cfg");
            }
        }
        List<Interface> interfaces = new ArrayList<>();
        for (String name : names) {
            NetworkInterface network;
            try {
                network = NetworkInterface.getByName(name);
            } catch (SocketException e) {
                network = null;
            }
            if (network == null || network.getIndex() <= 0) {
                throw new IllegalArgumentException("interface '" + name + "' does not exist here");
            }
            interfaces.add(new Interface(name, network.getIndex()));
        }
        return interfaces;
    }

    /** The interfaces of the IPv4 and IPv6 default routes (0.0.0.0/0, ::/0), loopback excluded. */
    static Set<String> defaultRouteInterfaces() {
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines(IPV4_ROUTES)) {
            String[] fields = line.trim().split("\\s+");
            // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
            if (fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                names.add(fields[0]);
            }
        }
        for (String line : lines(IPV6_ROUTES)) {
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
        } catch (IOException e) {
            return List.of();
        }
    }
}
