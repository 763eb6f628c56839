package io.pangea.guard.rules.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's own ports in a transport's listen addresses (multiaddrs such as {@code /ip4/0.0.0.0/tcp/4001/p2p/..}
 * or {@code /ip6/::/udp/4001/quic-v1}): the number after each {@code tcp} or {@code udp} component. A relayed
 * address ({@code p2p-circuit}) names the relay's port, not ours, and port 0 is not bound yet: neither counts.
 */
final class ListenPorts {
    private ListenPorts() {
    }

    static Set<Integer> of(List<String> multiaddrs) {
        Set<Integer> ports = new TreeSet<>();
        for (String multiaddr : multiaddrs == null ? List.<String>of() : multiaddrs) {
            if (multiaddr == null || multiaddr.contains("/p2p-circuit")) {
                continue;
            }
            String[] parts = multiaddr.split("/");
            for (int i = 0; i + 1 < parts.length; i++) {
                if (parts[i].equals("tcp") || parts[i].equals("udp")) {
                    port(parts[i + 1]).ifPresent(ports::add);
                }
            }
        }
        return ports;
    }

    private static java.util.Optional<Integer> port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return java.util.Optional.empty();
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? java.util.Optional.of(port) : java.util.Optional.empty();
    }
}
