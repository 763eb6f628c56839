package io.pangea.dht.kad.internal;

import io.pangea.p2p.Multihash;
import io.pangea.p2p.PeerId;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Nodes in one JVM: every request is encoded, handed to a small executor, decoded and answered by the target node's
 * handler, as a stream would be. A killed node keeps its endpoint but never answers (the caller times out); a
 * client-mode node refuses the protocol at once, as multistream-select would.
 */
final class InMemoryKadNetwork {
    private final Executor executor;
    private final Map<PeerId, KadNode> nodes = new ConcurrentHashMap<>();
    private final Set<PeerId> dead = ConcurrentHashMap.newKeySet();

    InMemoryKadNetwork(Executor executor) {
        this.executor = executor;
    }

    static KadPeer randomPeer(Random random) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        return new KadPeer(PeerId.of(Multihash.sha256(seed)), List.of());
    }

    KadNode addNode(KadPeer peer, KadConfig config, ScheduledExecutorService scheduler, Clock clock, long seed) {
        KadNode node = new KadNode(peer, config, endpoint(peer, config.server()), scheduler, clock,
                RecordValidator.DEFAULT, new Random(seed));
        nodes.put(peer.id(), node);
        return node;
    }

    void kill(PeerId peer) {
        dead.add(peer);
    }

    KadNetwork endpoint(KadPeer from, boolean fromServer) {
        return new KadNetwork() {
            @Override
            public CompletionStage<KadMessage> request(KadPeer to, KadMessage request) {
                return deliver(from, fromServer, to, request);
            }

            @Override
            public CompletionStage<Void> send(KadPeer to, KadMessage message) {
                return deliver(from, fromServer, to, message).thenApply(m -> null);
            }
        };
    }

    private CompletionStage<KadMessage> deliver(KadPeer from, boolean fromServer, KadPeer to, KadMessage request) {
        KadNode target = nodes.get(to.id());
        if (target == null || !target.config().server()) {
            return CompletableFuture.failedFuture(new IllegalStateException("protocol not supported by " + to));
        }
        CompletableFuture<KadMessage> response = new CompletableFuture<>();
        if (dead.contains(to.id()) || dead.contains(from.id())) {
            return response; // never answers: the caller's timeout decides
        }
        byte[] wire = request.encode();
        executor.execute(() -> {
            try {
                KadMessage answer = target.handle(from, fromServer, KadMessage.decode(wire)).orElse(null);
                response.complete(answer == null ? null : KadMessage.decode(answer.encode()));
            } catch (RuntimeException e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }
}
