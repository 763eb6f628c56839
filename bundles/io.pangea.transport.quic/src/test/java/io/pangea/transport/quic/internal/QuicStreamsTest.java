package io.pangea.transport.quic.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.host.IdentifyMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pangea.transport.quic.internal.Nodes.await;
import static io.pangea.transport.quic.internal.Nodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pangea to Pangea over QUIC on loopback: handshake, identity, streams, Identify, Ping, failures. */
class QuicStreamsTest {
    static final String ECHO = "/test/echo/1.0.0";

    /** Echoes everything until the peer's FIN, then FINs: each write waits for the previous one to be accepted. */
    static final ProtocolHandler ECHO_HANDLER = (connection, stream) -> echo(stream);

    static void echo(PeerStream stream) {
        stream.read().thenCompose(bytes -> {
            if (!bytes.hasRemaining()) {
                stream.closeWrite();
                return CompletableFuture.completedFuture(false);
            }
            return stream.write(bytes).thenApply(v -> true);
        }).whenComplete((more, failure) -> {
            if (failure != null) {
                stream.close();
            } else if (more) {
                echo(stream);
            }
        });
    }

    /** Reads until the end of the stream, at most {@code limit} bytes. */
    static byte[] readAll(PeerStream stream, int limit) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            ByteBuffer bytes = await(stream.read());
            if (!bytes.hasRemaining()) {
                return out.toByteArray();
            }
            byte[] chunk = new byte[bytes.remaining()];
            bytes.get(chunk);
            out.writeBytes(chunk);
            if (out.size() > limit) {
                throw new AssertionError("more than " + limit + " bytes");
            }
        }
    }

    @Test
    void handshakeProvesBothIdentitiesAndIdentifyLearnsThePeer() throws Exception {
        try (Nodes.Node a = Nodes.start("a"); Nodes.Node b = Nodes.start("b")) {
            b.registry().register(ECHO, ECHO_HANDLER);
            QuicConnection ab = await(a.host().dial(b.dialable()));
            assertThat(ab.remotePeer()).isEqualTo(b.identity().peerId().toBase58());
            assertThat(ab.remoteAddress()).isEqualTo(b.address().toString());
            assertThat(eventually(() -> b.host().connections().size() == 1)).isTrue();
            QuicConnection ba = b.host().connections().get(0);
            assertThat(ba.remotePeer()).isEqualTo(a.identity().peerId().toBase58());

            IdentifyMessage learned = await(ab.identified());
            assertThat(learned.protocols()).containsExactly(IdentifyMessage.PROTOCOL, PingExchange.PROTOCOL, ECHO);
            assertThat(ab.remoteListenAddresses()).containsExactly(b.address().toString());
            assertThat(ab.remoteAgent()).contains(QuicSettings.AGENT_VERSION);
            await(ba.identification());
            assertThat(ba.remoteProtocols()).contains(PingExchange.PROTOCOL);
            assertThat(ba.remoteListenAddresses()).containsExactly(a.address().toString());

            assertThat(ab.quality()).isEmpty();
            for (int i = 0; i < 3; i++) {
                Duration rtt = await(ab.ping());
                assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));
            }
            assertThat(ab.quality()).hasValueSatisfying(q -> {
                assertThat(q.samples()).isEqualTo(3);
                assertThat(q.loss()).isZero();
                assertThat(q.latency()).isPositive();
            });
        }
    }

    @Test
    void eightConcurrentStreamsEachEchoOneMebibyte() throws Exception {
        // Blocking writers and readers need a thread each: the common pool may have fewer.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
        try (Nodes.Node a = Nodes.start("a"); Nodes.Node b = Nodes.start("b")) {
            b.registry().register(ECHO, ECHO_HANDLER);
            QuicConnection ab = await(a.host().dial(b.dialable()));
            int size = 1 << 20;
            List<CompletableFuture<byte[]>> echoes = new ArrayList<>();
            List<byte[]> sent = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                byte[] data = new byte[size];
                new Random(s).nextBytes(data);
                sent.add(data);
                echoes.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        PeerStream stream = await(ab.openStream(ECHO));
                        assertThat(stream.protocol()).isEqualTo(ECHO);
                        CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                            try {
                                return readAll(stream, size);
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        }, threads);
                        for (int off = 0; off < size; off += 16 * 1024) {
                            await(stream.write(ByteBuffer.wrap(data, off, 16 * 1024)));
                        }
                        stream.closeWrite();
                        return back.get();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, threads));
            }
            for (int s = 0; s < 8; s++) {
                byte[] got = echoes.get(s).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(MessageDigest.isEqual(got, sent.get(s))).as("stream %d", s).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void dialingAWrongPeerIdFailsClearly() throws Exception {
        try (Nodes.Node a = Nodes.start("a"); Nodes.Node b = Nodes.start("b"); Nodes.Node c = Nodes.start("c")) {
            // b's address, c's id: b proves b, which is not who was dialed
            assertThatThrownBy(() -> await(a.host().dial(b.address().withPeer(c.identity().peerId()))))
                    .hasMessageContaining("cannot dial")
                    .hasMessageContaining("not the dialed " + c.identity().peerId());
            assertThat(a.host().connections()).isEmpty();
            // and a keeps working
            assertThat(await(a.host().dial(b.dialable())).remotePeer()).isEqualTo(b.identity().peerId().toBase58());
        }
    }

    @Test
    void inboundStreamsReachTheRegisteredHandler() throws Exception {
        try (Nodes.Node a = Nodes.start("a"); Nodes.Node b = Nodes.start("b")) {
            AtomicInteger served = new AtomicInteger();
            b.registry().register("/test/upper/1.0.0", (connection, stream) -> stream.read().thenAccept(bytes -> {
                served.incrementAndGet();
                String text = StandardCharsets.UTF_8.decode(bytes).toString().toUpperCase();
                stream.write(ByteBuffer.wrap((text + " from " + connection.remotePeer()).getBytes()))
                        .thenRun(stream::closeWrite);
            }));
            PeerConnection ab = await(a.host().dial(b.dialable()));
            PeerStream stream = await(ab.openStream("/test/upper/1.0.0"));
            await(stream.write(ByteBuffer.wrap("hello".getBytes())));
            assertThat(new String(readAll(stream, 1000))).isEqualTo("HELLO from " + a.identity().peerId());
            assertThat(served).hasValue(1);
            assertThatThrownBy(() -> await(ab.openStream("/test/missing/1.0.0"))).hasMessageContaining("negotiation");
        }
    }

    @Test
    void malformedNegotiationClosesThatStreamOnly() throws Exception {
        try (Nodes.Node a = Nodes.start("a"); Nodes.Node b = Nodes.start("b")) {
            b.registry().register(ECHO, ECHO_HANDLER);
            QuicConnection ab = await(a.host().dial(b.dialable()));
            QuicPeerStream raw = await(ab.openRaw());
            // a varint length far beyond multistream-select's 1 KiB limit
            await(raw.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 'x'})));
            assertThatThrownBy(() -> readAll(raw, 10_000)).hasMessageContaining("stream");
            assertThat(eventually(() -> b.logged("malformed protocol negotiation"))).isTrue();
            // the connection and other streams go on
            PeerStream good = await(ab.openStream(ECHO));
            await(good.write(ByteBuffer.wrap("still here".getBytes())));
            good.closeWrite();
            assertThat(new String(readAll(good, 1000))).isEqualTo("still here");
        }
    }

    @Test
    void aPeerVanishingFailsPendingReadsAndClosesTheConnection() throws Exception {
        QuicSettings quick = QuicSettings.defaults().withIdleTimeout(Duration.ofSeconds(2))
                .withPingInterval(Duration.ZERO);
        try (Nodes.Node a = Nodes.start("a", quick); Nodes.Node b = Nodes.start("b", quick)) {
            b.registry().register("/test/hold/1.0.0", (connection, stream) -> { });
            QuicConnection ab = await(a.host().dial(b.dialable()));
            PeerStream stream = await(ab.openStream("/test/hold/1.0.0"));
            CompletableFuture<ByteBuffer> pending = stream.read().toCompletableFuture();
            b.host().vanish();
            assertThatThrownBy(() -> await(pending)).hasMessageContaining("idle timeout");
            await(ab.whenClosed());
            assertThat(a.host().connections()).isEmpty();
            assertThatThrownBy(() -> await(stream.write(ByteBuffer.wrap(new byte[10]))))
                    .hasMessageContaining("idle timeout");
        }
    }

    @Test
    void closingAConnectionTellsBothSides() throws Exception {
        try (Nodes.Node a = Nodes.start("a"); Nodes.Node b = Nodes.start("b")) {
            QuicConnection ab = await(a.host().dial(b.dialable()));
            assertThat(eventually(() -> b.host().connections().size() == 1)).isTrue();
            QuicConnection ba = b.host().connections().get(0);
            assertThat(a.host().connections()).containsExactly(ab);
            ab.close();
            await(ab.whenClosed());
            await(ba.whenClosed());
            assertThat(a.host().connections()).isEmpty();
            assertThat(eventually(() -> b.host().connections().isEmpty())).isTrue();
        }
    }
}
