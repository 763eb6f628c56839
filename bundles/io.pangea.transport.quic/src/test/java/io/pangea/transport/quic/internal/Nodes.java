package io.pangea.transport.quic.internal;

import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.host.ProtocolRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** QUIC hosts on 127.0.0.1 (or a given address) with ephemeral ports and a recorded log, and bounded waits. */
final class Nodes {
    static final Duration WAIT = Duration.ofSeconds(20);

    private Nodes() {
    }

    record Node(QuicHost host, NodeIdentity identity, ProtocolRegistry registry, Multiaddr address,
                List<String> lines) implements AutoCloseable {
        Multiaddr dialable() {
            return address.withPeer(identity.peerId());
        }

        boolean logged(String fragment) {
            return lines.stream().anyMatch(line -> line.contains(fragment));
        }

        @Override
        public void close() {
            host.close();
        }
    }

    static Node start(String name) throws IOException {
        return start(name, QuicSettings.defaults());
    }

    static Node start(String name, QuicSettings settings) throws IOException {
        return start(name, settings, "/ip4/127.0.0.1/udp/0/quic-v1");
    }

    static Node start(String name, QuicSettings settings, String listenAddress) throws IOException {
        NodeIdentity identity = NodeIdentity.generate();
        List<String> lines = new CopyOnWriteArrayList<>();
        QuicLog log = (level, message) -> {
            lines.add(level + " " + message);
            System.out.println("[" + name + "] " + level + " " + message);
        };
        ProtocolRegistry registry = new ProtocolRegistry();
        QuicHost host = new QuicHost(identity, settings, registry, log);
        Multiaddr address = host.listen(Multiaddr.parse(listenAddress));
        return new Node(host, identity, registry, address, lines);
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} passes. */
    static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
