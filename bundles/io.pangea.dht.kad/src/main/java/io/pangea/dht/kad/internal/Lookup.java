package io.pangea.dht.kad.internal;

import io.pangea.p2p.PeerId;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One iterative Kademlia lookup (FIND_NODE, GET_PROVIDERS or GET_VALUE) towards a key.
 *
 * <p>Candidates are kept by XOR distance to the target. At most α requests are in flight, always to the closest
 * candidates not yet asked among the k closest that have not failed. The lookup ends when those k closest have all
 * answered (which also covers "no closer peer was returned": the set stops changing), when no candidate is left, or
 * early when enough providers or a value were found. Failures (including timeouts, applied by the {@code ask}
 * function) only drop the candidate. State is guarded by the lookup's monitor; callbacks may run on any thread.
 */
final class Lookup {
    private enum State { HEARD, WAITING, SUCCEEDED, FAILED }

    private static final class Candidate {
        final KadPeer peer;
        State state = State.HEARD;
        int hop;

        Candidate(KadPeer peer, int hop) {
            this.peer = peer;
            this.hop = hop;
        }
    }

    private final KadMessage.Type type;
    private final byte[] key;
    private final KadId target;
    private final PeerId self;
    private final int k;
    private final int alpha;
    private final int providerLimit;
    private final BiFunction<KadPeer, KadMessage, CompletionStage<KadMessage>> ask;
    private final Predicate<KadMessage.Record> valueValidator;
    private final TreeMap<KadId.Distance, Candidate> candidates = new TreeMap<>();
    private final Map<PeerId, KadPeer> providers = new LinkedHashMap<>();
    private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
    private byte[] value;
    private int foundAtHop = -1;
    private int inFlight;
    private int queried;
    private int failed;

    Lookup(KadMessage.Type type, byte[] key, PeerId self, int k, int alpha, int providerLimit,
           BiFunction<KadPeer, KadMessage, CompletionStage<KadMessage>> ask,
           Predicate<KadMessage.Record> valueValidator) {
        this.type = type;
        this.key = key.clone();
        this.target = KadId.ofKey(key);
        this.self = self;
        this.k = k;
        this.alpha = alpha;
        this.providerLimit = providerLimit;
        this.ask = ask;
        this.valueValidator = valueValidator;
    }

    CompletableFuture<LookupResult> run(List<KadPeer> seeds) {
        synchronized (this) {
            seeds.forEach(p -> offer(p, 1));
            advance();
        }
        return result;
    }

    private void offer(KadPeer peer, int hop) {
        if (peer.id().equals(self)) {
            return;
        }
        KadId.Distance d = peer.kadId().distanceTo(target);
        Candidate c = candidates.get(d);
        if (c == null) {
            candidates.put(d, new Candidate(peer, hop));
        } else if (c.state == State.HEARD && hop < c.hop) {
            c.hop = hop;
        }
    }

    /** Launches requests up to α, or completes the lookup. Called with the monitor held. */
    private void advance() {
        if (result.isDone()) {
            return;
        }
        if (providers.size() >= providerLimit || value != null) {
            finish();
            return;
        }
        int considered = 0;
        List<Candidate> launch = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (considered == k || inFlight + launch.size() >= alpha) {
                break;
            }
            if (c.state == State.FAILED) {
                continue;
            }
            considered++;
            if (c.state == State.HEARD) {
                launch.add(c);
            }
        }
        if (launch.isEmpty() && inFlight == 0) {
            finish();
            return;
        }
        // all are marked before any is sent: a response that completes at once re-enters advance() (same thread,
        // same monitor) and must see the true number in flight
        for (Candidate c : launch) {
            c.state = State.WAITING;
            inFlight++;
        }
        for (Candidate c : launch) {
            KadMessage request = KadMessage.request(type, key);
            CompletionStage<KadMessage> response;
            try {
                response = ask.apply(c.peer, request);
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((msg, error) -> onResponse(c, msg, error));
        }
    }

    private synchronized void onResponse(Candidate c, KadMessage msg, Throwable error) {
        inFlight--;
        if (error != null || msg == null) {
            c.state = State.FAILED;
            failed++;
        } else {
            c.state = State.SUCCEEDED;
            queried++;
            for (KadMessage.Peer p : msg.closerPeers()) {
                offer(p.toKadPeer(), c.hop + 1);
            }
            if (type == KadMessage.Type.GET_PROVIDERS && !msg.providerPeers().isEmpty()) {
                msg.providerPeers().forEach(p -> providers.putIfAbsent(p.id(), p.toKadPeer()));
                found(c.hop);
            }
            if (type == KadMessage.Type.GET_VALUE && msg.record() != null && value == null
                    && java.util.Arrays.equals(msg.record().key(), key) && valueValidator.test(msg.record())) {
                value = msg.record().value();
                found(c.hop);
            }
        }
        advance();
    }

    private void found(int hop) {
        if (foundAtHop < 0 || hop < foundAtHop) {
            foundAtHop = hop;
        }
    }

    private void finish() {
        List<KadPeer> closest = new ArrayList<>();
        int closestHop = 0;
        for (Candidate c : candidates.values()) {
            if (c.state == State.SUCCEEDED) {
                if (closest.isEmpty()) {
                    closestHop = c.hop;
                }
                closest.add(c.peer);
                if (closest.size() == k) {
                    break;
                }
            }
        }
        int hops = type == KadMessage.Type.FIND_NODE ? closestHop : Math.max(foundAtHop, 0);
        result.complete(new LookupResult(closest, List.copyOf(providers.values()),
                Optional.ofNullable(value), hops, queried, failed));
    }

    /** Whether a peer with this id was heard of during the lookup (for findPeer). */
    synchronized Optional<KadPeer> heardOf(PeerId id) {
        return candidates.values().stream().filter(c -> c.peer.id().equals(id)).map(c -> c.peer).findFirst();
    }
}
