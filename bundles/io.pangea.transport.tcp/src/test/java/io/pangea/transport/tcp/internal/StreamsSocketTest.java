package io.pangea.transport.tcp.internal;

import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.host.IdentifyMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.pangea.transport.tcp.internal.TestHosts.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pangea to Pangea over real sockets: identify both ways, concurrent streams with integrity, flow control. */
class StreamsSocketTest {
    private static final String ECHO = "/test/echo/1.0.0";
    private static final String HOLD = "/test/hold/1.0.0";
    private static final int WINDOW = YamuxSession.Settings.DEFAULT_WINDOW;
    private static final int CHUNK = 64 * 1024;

    private final BlockingQueue<PeerStream> held = new LinkedBlockingQueue<>();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private TestHosts.Node a;
    private TestHosts.Node b;

    @BeforeEach
    void start() throws Exception {
        a = TestHosts.start("a");
        b = TestHosts.start("b");
        b.registry().register(ECHO, echo());
        b.registry().register(HOLD, (connection, stream) -> held.add(stream));
    }

    @AfterEach
    void stop() {
        workers.shutdownNow();
        a.close();
        b.close();
    }

    /** Writes back everything it reads, one read at a time, then closes its side. */
    private static ProtocolHandler echo() {
        return (connection, stream) -> pump(stream);
    }

    private static void pump(PeerStream stream) {
        stream.read().thenAccept(bytes -> {
            if (!bytes.hasRemaining()) {
                stream.closeWrite();
            } else {
                stream.write(bytes).thenRun(() -> pump(stream));
            }
        });
    }

    @Test
    void identifiesBothWaysAndPings() throws Exception {
        Libp2pConnection ab = await(a.host().dial(b.dialable()));
        IdentifyMessage bInfo = await(ab.identified());
        assertThat(bInfo.agentVersion()).isEqualTo(HostSettings.AGENT_VERSION);
        assertThat(bInfo.protocolVersion()).isEqualTo(IdentifyMessage.PROTOCOL_VERSION);
        assertThat(bInfo.publicKey()).contains(b.identity().publicKey());
        assertThat(bInfo.protocols()).containsExactly(IdentifyMessage.PROTOCOL, PingService.PROTOCOL, ECHO, HOLD);
        assertThat(bInfo.listenAddrs()).containsExactly(b.address());
        assertThat(bInfo.observedAddr()).isPresent();

        Libp2pConnection ba = waitForInbound(b);
        IdentifyMessage aInfo = await(ba.identified());
        assertThat(aInfo.publicKey()).contains(a.identity().publicKey());
        assertThat(aInfo.listenAddrs()).containsExactly(a.address());
        assertThat(aInfo.observedAddr()).contains(b.address()); // the dialer sees the listener at its address
        assertThat(bInfo.observedAddr().orElseThrow().toString()).isEqualTo(ba.remoteAddress());

        assertThat(await(ab.ping())).isPositive();
        assertThat(await(ba.ping())).isPositive();
    }

    @Test
    void theConnectionApiTellsWhatIdentifyLearnedAndHowPingsWent() throws Exception {
        Libp2pConnection ab = await(a.host().dial(b.dialable()));
        assertThat(ab.quality()).isEmpty();
        await(ab.identification());
        assertThat(ab.remoteProtocols()).containsExactly(IdentifyMessage.PROTOCOL, PingService.PROTOCOL, ECHO, HOLD);
        assertThat(ab.remoteListenAddresses()).containsExactly(b.address().toString());
        assertThat(ab.remoteAgent()).contains(HostSettings.AGENT_VERSION);

        Duration first = await(ab.ping());
        Duration second = await(ab.ping());
        var quality = ab.quality().orElseThrow();
        assertThat(quality.samples()).isEqualTo(2);
        assertThat(quality.loss()).isZero();
        assertThat(quality.latency()).isEqualTo(first.plus(second).dividedBy(2));
        assertThat(quality.jitter()).isEqualTo(first.minus(second).abs());
    }

    @Test
    void connectionsArePingedEveryKeepaliveInterval() throws Exception {
        HostSettings fast = HostSettings.defaults()
                .withYamux(new YamuxSession.Settings(WINDOW, 256, Duration.ofMillis(100)));
        try (TestHosts.Node c = TestHosts.start("c", fast)) {
            Libp2pConnection cb = await(c.host().dial(b.dialable()));
            long deadline = System.nanoTime() + TestHosts.WAIT.toNanos();
            while (cb.quality().map(q -> q.samples()).orElse(0) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(cb.quality()).hasValueSatisfying(q -> {
                assertThat(q.samples()).isGreaterThanOrEqualTo(3);
                assertThat(q.loss()).isZero();
                assertThat(q.latency()).isPositive();
            });
        }
    }

    @Test
    void concurrentStreamsCarryMebibytesIntact() throws Exception {
        Libp2pConnection connection = await(a.host().dial(b.dialable()));
        int streams = 4;
        int size = 4 * 1024 * 1024;
        List<CompletableFuture<Void>> transfers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            PeerStream stream = await(connection.openStream(ECHO));
            long seed = i;
            transfers.add(CompletableFuture.runAsync(() -> echoRoundTrip(stream, seed, size), workers));
        }
        CompletableFuture.allOf(transfers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        // Both sides' FIN frames settle a moment after the last byte is read: give the session time to forget.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connection.session().openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(connection.session().openStreams()).isZero();
    }

    /** Sends {@code size} seeded random bytes through the echo and checks the digest of what comes back. */
    private void echoRoundTrip(PeerStream stream, long seed, int size) {
        try {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> digestUntilEnd(stream), workers);
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            Random random = new Random(seed);
            byte[] chunk = new byte[CHUNK];
            for (int done = 0; done < size; done += CHUNK) {
                random.nextBytes(chunk);
                sent.update(chunk);
                await(stream.write(ByteBuffer.wrap(chunk)));
            }
            stream.closeWrite();
            assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(sent.digest());
        } catch (Exception e) {
            throw new AssertionError("stream " + seed + ": " + e, e);
        }
    }

    private static byte[] digestUntilEnd(PeerStream stream) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            while (true) {
                ByteBuffer bytes = await(stream.read());
                if (!bytes.hasRemaining()) {
                    return digest.digest();
                }
                digest.update(bytes);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void slowReaderBoundsWhatTheSenderHasOutstanding() throws Exception {
        Libp2pConnection connection = await(a.host().dial(b.dialable()));
        YamuxStream sender = (YamuxStream) await(connection.openStream(HOLD));
        YamuxStream receiver = (YamuxStream) held.poll(20, TimeUnit.SECONDS);
        assertThat(receiver).isNotNull();

        int size = 8 * 1024 * 1024;
        Random random = new Random(42);
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[CHUNK];
        int accepted = 0;
        CompletableFuture<Void> stalled = null;
        // The reader does not read: writes are taken until the window is used up, then one stays pending.
        while (accepted < size) {
            random.nextBytes(chunk);
            sent.update(chunk);
            CompletableFuture<Void> write = sender.write(ByteBuffer.wrap(chunk)).toCompletableFuture();
            try {
                write.get(2, TimeUnit.SECONDS);
                accepted += CHUNK;
            } catch (TimeoutException e) {
                stalled = write;
                break;
            }
        }
        assertThat(stalled).as("a write stalls once the window is full").isNotNull();
        assertThat(accepted).isLessThanOrEqualTo(WINDOW);
        Thread.sleep(500); // give a misbehaving sender time to overrun
        assertThat(sender.bytesSent()).isLessThanOrEqualTo(sender.windowGranted()).isLessThanOrEqualTo(WINDOW);
        assertThat(sender.queuedBytes()).isLessThanOrEqualTo(CHUNK);
        // Besides the data, the stream carried its multistream-select proposal.
        int negotiation = io.pangea.p2p.wire.MultistreamSelect.initiator(List.of(HOLD)).takeOutbound().length;
        assertThat(sender.bytesSent() + sender.queuedBytes()).isEqualTo(negotiation + accepted + CHUNK);
        assertThat(connection.channel().unsafe().outboundBuffer().totalPendingWriteBytes())
                .isLessThanOrEqualTo(WINDOW);
        assertThat(receiver.bufferedBytes()).isLessThanOrEqualTo(WINDOW);
        assertThat(stalled).isNotDone();

        // Now the reader reads, and everything arrives intact while the sender stays within the window.
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> digestUntilEnd(receiver), workers);
        stalled.get(20, TimeUnit.SECONDS);
        accepted += CHUNK;
        while (accepted < size) {
            random.nextBytes(chunk);
            sent.update(chunk);
            await(sender.write(ByteBuffer.wrap(chunk)));
            accepted += CHUNK;
            long inFlight = sender.bytesSent() - (sender.windowGranted() - WINDOW);
            assertThat(inFlight).isLessThanOrEqualTo(WINDOW);
            assertThat(sender.queuedBytes()).isLessThanOrEqualTo(CHUNK);
        }
        sender.closeWrite();
        assertThat(received.get(60, TimeUnit.SECONDS)).isEqualTo(sent.digest());
    }

    @Test
    void unsupportedProtocolFailsTheOpenAndResetsTheStream() throws Exception {
        Libp2pConnection connection = await(a.host().dial(b.dialable()));
        assertThatThrownBy(() -> await(connection.openStream("/nobody/here/1.0.0")))
                .hasRootCauseInstanceOf(ProtocolNegotiationException.class)
                .hasMessageContaining("supports none of [/nobody/here/1.0.0]");
        assertThat(await(connection.ping())).isPositive();
    }

    @Test
    void dialingTheWrongPeerIdFails() throws Exception {
        io.pangea.p2p.Multiaddr wrong = b.address().withPeer(io.pangea.p2p.NodeIdentity.generate().peerId());
        assertThatThrownBy(() -> await(a.host().dial(wrong)))
                .hasRootCauseInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("proved to be " + b.identity().peerId());
        assertThat(a.log().await(Duration.ofSeconds(5), "dialled peer", "closing the connection")).startsWith("WARN");
    }

    @Test
    void dialingAClosedPortFailsQuickly() throws Exception {
        int port = b.address().socketAddress().orElseThrow().getPort();
        b.close();
        assertThatThrownBy(() -> await(a.host().dial(io.pangea.p2p.Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port))))
                .hasMessageContaining("cannot connect to /ip4/127.0.0.1/tcp/" + port);
    }

    private static Libp2pConnection waitForInbound(TestHosts.Node node) throws InterruptedException {
        long deadline = System.nanoTime() + TestHosts.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Libp2pConnection> connections = node.host().connections();
            if (!connections.isEmpty()) {
                return connections.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no inbound connection within " + TestHosts.WAIT);
    }
}
