package io.pangea.bpf.testing;

import io.pangea.bpf.NetworkNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A veth pair for kernel tests. The peer end lives inside a network namespace of its own (where the traffic comes
 * from). The node end (where the program under test is attached, as a node attaches it) lives either in this
 * JVM's network namespace ({@link #create()}: for tests that attach only and put no address anywhere) or in a
 * second namespace of the test's own ({@link #isolated()}: for tests with addresses and traffic, which run their
 * node side there through {@link io.pangea.bpf.NetworkNamespace#run}). No address, route or neighbour is ever
 * added to this JVM's namespace: the node helpers refuse unless the node end is isolated. Closing deletes the
 * namespaces, which takes the pair with them. Only TEST-NET addresses are ever put on it.
 */
public final class VethPair implements AutoCloseable {
    private final String namespace;
    private final String nodeNamespace;
    private final String node;
    private final String peer;

    private VethPair(String namespace, String nodeNamespace, String node, String peer) {
        this.namespace = namespace;
        this.nodeNamespace = nodeNamespace;
        this.node = node;
        this.peer = peer;
    }

    /** Creates the peer namespace and the pair, the node end here, both ends up; removes leftovers first. */
    public static VethPair create() {
        return create(false);
    }

    /** Creates two namespaces and the pair between them, both ends and both loopbacks up; removes leftovers first. */
    public static VethPair isolated() {
        return create(true);
    }

    private static VethPair create(boolean isolated) {
        removeStale();
        String namespace = Names.next('s');
        String nodeNamespace = isolated ? Names.next('h') : null;
        String node = Names.next('n');
        String peer = Names.next('p');
        VethPair pair = new VethPair(namespace, nodeNamespace, node, peer);
        try {
            Commands.check("ip", "netns", "add", namespace);
            if (isolated) {
                Commands.check("ip", "netns", "add", nodeNamespace);
                Commands.check("ip", "-n", nodeNamespace, "link", "add", node, "type", "veth", "peer", "name", peer,
                        "netns", namespace);
                Commands.check("ip", "-n", nodeNamespace, "link", "set", "lo", "up");
            } else {
                Commands.check("ip", "link", "add", node, "type", "veth", "peer", "name", peer, "netns", namespace);
            }
            Commands.check("ip", "-n", namespace, "link", "set", "lo", "up");
            Commands.check("ip", "-n", namespace, "link", "set", peer, "up");
            Commands.check(pair.ipOnNode("link", "set", node, "up"));
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /** {@code ip [-n node namespace] ARGS}. */
    private List<String> ipOnNode(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        if (nodeNamespace != null) {
            command.addAll(List.of("-n", nodeNamespace));
        }
        command.addAll(List.of(arguments));
        return command;
    }

    private void requireIsolated(String what) {
        if (nodeNamespace == null) {
            throw new IllegalStateException(what + " on a node end in this JVM's namespace: use VethPair.isolated()");
        }
    }

    /** The namespace of the node end, when {@link #isolated()}. */
    public Optional<String> nodeNamespace() {
        return Optional.ofNullable(nodeNamespace);
    }

    /** The end the program under test is attached to. */
    public String node() {
        return node;
    }

    /** The end inside {@link #namespace()}. */
    public String peer() {
        return peer;
    }

    public String namespace() {
        return namespace;
    }

    /** The node end's ifindex, in its namespace. */
    public int nodeIndex() {
        if (nodeNamespace != null) {
            String line = Commands.check(ipOnNode("-o", "link", "show", "dev", node)).strip();
            return Integer.parseInt(line.substring(0, line.indexOf(':')));
        }
        try {
            return Integer.parseInt(Files.readString(Path.of("/sys/class/net", node, "ifindex")).strip());
        } catch (IOException e) {
            throw new IllegalStateException("interface " + node + " is gone", e);
        }
    }

    public String nodeMac() {
        if (nodeNamespace != null) {
            return Commands.check("ip", "netns", "exec", nodeNamespace, "cat", "/sys/class/net/" + node + "/address")
                    .strip();
        }
        try {
            return Files.readString(Path.of("/sys/class/net", node, "address")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("interface " + node + " is gone", e);
        }
    }

    public String peerMac() {
        return Commands.check("ip", "netns", "exec", namespace, "cat", "/sys/class/net/" + peer + "/address").strip();
    }

    /** Adds {@code cidr} to the node end (IPv6 without duplicate address detection, so it is usable at once). */
    public void nodeAddress(String cidr) {
        requireIsolated("an address");
        Commands.check(address(List.of("-n", nodeNamespace), cidr, node));
    }

    public void peerAddress(String cidr) {
        Commands.check(address(List.of("-n", namespace), cidr, peer));
    }

    private static List<String> address(List<String> prefix, String cidr, String device) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(prefix);
        command.addAll(List.of(cidr.contains(":") ? "-6" : "-4", "address", "add", cidr, "dev", device));
        if (cidr.contains(":")) {
            command.add("nodad");
        }
        return command;
    }

    /** Routes {@code prefix} out of the node end. */
    public void nodeRoute(String prefix) {
        requireIsolated("a route");
        Commands.check(ipOnNode("route", "add", prefix, "dev", node));
    }

    public void peerRoute(String prefix) {
        Commands.check("ip", "-n", namespace, "route", "add", prefix, "dev", peer);
    }

    /** A permanent neighbour entry on the node end, so that no resolution delays or drops the first packets. */
    public void nodeNeighbour(String address, String mac) {
        requireIsolated("a neighbour entry");
        Commands.check(ipOnNode("neigh", "replace", address, "lladdr", mac, "dev", node, "nud", "permanent"));
    }

    public void peerNeighbour(String address, String mac) {
        Commands.check("ip", "-n", namespace, "neigh", "replace", address, "lladdr", mac, "dev", peer, "nud",
                "permanent");
    }

    /** {@code ip -d link show} of the node end: what an operator sees attached to it. */
    public String nodeDetails() {
        return Commands.check(ipOnNode("-d", "link", "show", "dev", node));
    }

    /** Runs {@code task} on a thread inside the node end's namespace ({@link #isolated()} pairs only). */
    public <T> T inNode(Callable<T> task) throws Exception {
        requireIsolated("running code");
        return NetworkNamespace.run(nodeNamespace, task);
    }

    /** A command run inside the node end's namespace ({@link #isolated()} pairs only), e.g. bpftool. */
    public List<String> inNodeNamespace(String... command) {
        requireIsolated("a command");
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", nodeNamespace));
        full.addAll(List.of(command));
        return full;
    }

    /** A command run inside the peer namespace. */
    public List<String> inPeer(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    @Override
    public void close() {
        Commands.run("ip", "netns", "del", namespace);
        if (nodeNamespace != null) {
            Commands.run("ip", "netns", "del", nodeNamespace);
        } else if (Files.exists(Path.of("/sys/class/net", node))) {
            Commands.run("ip", "link", "del", node);
        }
    }

    /** Deletes namespaces and interfaces that test JVMs no longer running left behind. */
    static void removeStale() {
        for (String line : Commands.run("ip", "netns", "list").output().split("\n")) {
            String name = line.split(" ")[0].strip();
            if (Names.stale(name)) {
                Commands.run("ip", "netns", "del", name);
            }
        }
        try (var links = Files.list(Path.of("/sys/class/net"))) {
            links.map(path -> path.getFileName().toString()).filter(Names::stale)
                    .forEach(name -> Commands.run("ip", "link", "del", name));
        } catch (IOException e) {
            // nothing to clean up where it cannot be listed
        }
    }

    @Override
    public String toString() {
        return node + (nodeNamespace == null ? "" : " in " + nodeNamespace) + " <-> " + peer + " in " + namespace;
    }
}
