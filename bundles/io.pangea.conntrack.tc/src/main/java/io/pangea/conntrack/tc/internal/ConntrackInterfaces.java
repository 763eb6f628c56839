package io.pangea.conntrack.tc.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The interfaces and addresses of this JVM's network namespace, as the provider needs them.
 * <p>
 * By default every interface that is up and carries an address is tracked, and loopback: a node's peers on the
 * same machine, and every test on 127.0.0.1, talk over it. Interfaces without an address (bridge ports, the
 * host ends of containers' veth pairs) are left out because what crosses them is forwarded, not the node's.
 */
final class ConntrackInterfaces {

    private ConntrackInterfaces() {
    }

    /**
     * @throws IllegalArgumentException naming an interface that does not exist, or saying there is none
     */
    static List<TrackedInterface> resolve(String[] configured) throws SocketException {
        // "eth0, lo" in one .cfg value is two interfaces, as are two values.
        List<String> names = configured == null ? List.of()
                : Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split("[,\\s]+")))
                        .filter(n -> !n.isEmpty()).distinct().toList();
        List<TrackedInterface> interfaces = new ArrayList<>();
        if (names.isEmpty()) {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (network.isUp() && (network.isLoopback() || network.getInetAddresses().hasMoreElements())) {
                    interfaces.add(new TrackedInterface(network.getName(), network.getIndex(), network.isLoopback()));
                }
            }
            if (interfaces.isEmpty()) {
                throw new IllegalArgumentException("no interface is up here; set interfaces in etc/"
                        + TcConntrackProvider.PID + ".cfg");
            }
            return interfaces;
        }
        for (String name : names) {
            NetworkInterface network = NetworkInterface.getByName(name);
            if (network == null || network.getIndex() <= 0) {
                throw new IllegalArgumentException("interface '" + name + "' does not exist here");
            }
            interfaces.add(new TrackedInterface(name, network.getIndex(), network.isLoopback()));
        }
        return interfaces;
    }

    /** Every address of every interface of this namespace, up or not. */
    static Set<InetAddress> localAddresses() {
        Set<InetAddress> addresses = new HashSet<>();
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                addresses.addAll(Collections.list(network.getInetAddresses()));
            }
        } catch (SocketException e) {
            // no addresses known: orientation alone decides which end is the node's
        }
        // Scoped IPv6 addresses (fe80::1%eth0) do not equal the unscoped ones a packet carries.
        Set<InetAddress> unscoped = new HashSet<>();
        for (InetAddress address : addresses) {
            try {
                unscoped.add(InetAddress.getByAddress(address.getAddress()));
            } catch (java.net.UnknownHostException e) {
                unscoped.add(address);
            }
        }
        return unscoped;
    }
}
