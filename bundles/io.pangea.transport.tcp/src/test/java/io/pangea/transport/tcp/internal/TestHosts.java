package io.pangea.transport.tcp.internal;

import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;

import io.pangea.p2p.host.ProtocolRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Hosts on 127.0.0.1 with ephemeral ports, and bounded waits, for the socket tests. */
final class TestHosts {
    static final Duration WAIT = Duration.ofSeconds(20);

    private TestHosts() {
    }

    record Node(TcpHost host, NodeIdentity identity, RecordingLog log, ProtocolRegistry registry, Multiaddr address)
            implements AutoCloseable {
        /** The dialable address, with {@code /p2p}. */
        Multiaddr dialable() {
            return address.withPeer(identity.peerId());
        }

        @Override
        public void close() {
            host.close();
        }
    }

    static Node start(String name) throws IOException {
        return start(name, HostSettings.defaults());
    }

    static Node start(String name, HostSettings settings) throws IOException {
        NodeIdentity identity = NodeIdentity.generate();
        RecordingLog log = new RecordingLog(name);
        ProtocolRegistry registry = new ProtocolRegistry();
        TcpHost host = new TcpHost(identity, settings, registry, log);
        Multiaddr address = host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
        return new Node(host, identity, log, registry, address);
    }

    /** The result of {@code stage}, waiting at most {@link #WAIT}. */
    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
