package io.pangea.transport.tcp.internal;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.pangea.api.transport.PeerStream;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.host.IdentifyMessage;
import io.pangea.p2p.host.ProtocolRegistry;
import io.pangea.p2p.wire.LengthPrefixedFrameReader;
import io.pangea.p2p.wire.MultistreamSelect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.pangea.transport.tcp.internal.TestHosts.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real listener on 127.0.0.1 fed malformed, truncated and oversized input at every stage of the upgrade: each bad
 * connection is closed with one log line naming the reason, Netty never reports an exception that reached the end
 * of a pipeline, and a healthy connection opened before the attacks goes on working, as do new ones.
 */
class BadInputSocketTest {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final List<LogRecord> NETTY_WARNINGS = new ArrayList<>();
    private static final Handler NETTY_HANDLER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                synchronized (NETTY_WARNINGS) {
                    NETTY_WARNINGS.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private TestHosts.Node server;
    private TestHosts.Node healthy;
    private Libp2pConnection healthyConnection;

    @BeforeAll
    static void watchNetty() {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        Logger.getLogger("io.netty").addHandler(NETTY_HANDLER);
    }

    @AfterAll
    static void unwatchNetty() {
        Logger.getLogger("io.netty").removeHandler(NETTY_HANDLER);
    }

    @BeforeEach
    void start() throws Exception {
        server = TestHosts.start("server", HostSettings.defaults().withHandshakeTimeout(Duration.ofSeconds(2)));
        healthy = TestHosts.start("healthy");
        healthyConnection = await(healthy.host().dial(server.dialable()));
        await(healthyConnection.identified());
    }

    @AfterEach
    void stillServing() throws Exception {
        try {
            assertThat(await(healthyConnection.ping())).isPositive();
            try (TestHosts.Node late = TestHosts.start("late")) {
                Libp2pConnection fresh = await(late.host().dial(server.dialable()));
                assertThat(await(fresh.ping())).isPositive();
            }
            synchronized (NETTY_WARNINGS) {
                assertThat(NETTY_WARNINGS).extracting(LogRecord::getMessage).isEmpty();
            }
        } finally {
            healthy.close();
            server.close();
        }
    }

    private InetSocketAddress serverSocket() {
        return server.address().socketAddress().orElseThrow();
    }

    @Test
    void oversizedMultistreamMessage() throws Exception {
        try (RawLibp2pClient client = new RawLibp2pClient(serverSocket())) {
            client.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "security negotiation", "exceeds the limit of 1024"))
                .startsWith("WARN");
    }

    @Test
    void truncatedMultistreamMessageTimesOut() throws Exception {
        try (RawLibp2pClient client = new RawLibp2pClient(serverSocket())) {
            client.writeRaw("GET / HTTP/1.1\r\n".getBytes()); // 'G' announces a 71-byte message that never ends
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "did not finish within 2000 ms",
                "negotiating the security protocol")).startsWith("WARN");
    }

    @Test
    void unsupportedSecurityProtocolIsRefused() throws Exception {
        try (RawLibp2pClient client = new RawLibp2pClient(serverSocket())) {
            MultistreamSelect tls = MultistreamSelect.initiator(List.of("/tls/1.0.0"));
            client.writeRaw(tls.takeOutbound());
            // The server answers "na" and waits for another proposal, until the upgrade times out.
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "did not finish within")).startsWith("WARN");
    }

    @Test
    void malformedNoiseHandshake() throws Exception {
        try (RawLibp2pClient client = new RawLibp2pClient(serverSocket())) {
            client.negotiatePlain(ConnectionUpgrader.NOISE);
            client.writeFrame(new byte[] {1, 2, 3, 4, 5});
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "first handshake message has 5 bytes", "closing"))
                .startsWith("WARN");
    }

    @Test
    void truncatedNoiseFrameTimesOut() throws Exception {
        try (RawLibp2pClient client = new RawLibp2pClient(serverSocket())) {
            client.negotiatePlain(ConnectionUpgrader.NOISE);
            client.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "did not finish within", "in the Noise handshake"))
                .startsWith("WARN");
    }

    @Test
    void tamperedCiphertextAfterTheHandshake() throws Exception {
        try (RawLibp2pClient client = secured()) {
            byte[] frame = client.encrypt(MultistreamSelect.encodeMessage(MultistreamSelect.PROTOCOL_ID));
            frame[3] ^= 1;
            client.writeFrame(frame);
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "does not authenticate", "closing")).startsWith("WARN");
    }

    @Test
    void oversizedYamuxFrame() throws Exception {
        try (RawLibp2pClient client = multiplexed()) {
            client.writeEncrypted(YamuxSessionTest.header(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1,
                    1L << 30).array());
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "data frame of 1073741824 bytes", "exceeds the limit of 262144"))
                .startsWith("WARN");
    }

    @Test
    void malformedYamuxHeader() throws Exception {
        try (RawLibp2pClient client = multiplexed()) {
            client.writeEncrypted(new byte[] {0, 7, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0});
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "unknown frame type 7")).startsWith("WARN");
    }

    @Test
    void peerIgnoringFlowControl() throws Exception {
        // A stream for a protocol whose handler never reads: the window is all the peer may send.
        server.registry().register("/test/hold/1.0.0", (connection, stream) -> { });
        try (RawLibp2pClient client = multiplexed()) {
            byte[] proposal = MultistreamSelect.initiator(List.of("/test/hold/1.0.0")).takeOutbound();
            client.writeEncrypted(io.netty.buffer.ByteBufUtil.getBytes(io.netty.buffer.Unpooled.wrappedBuffer(
                    YamuxSessionTest.header(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_SYN, 1, proposal.length),
                    io.netty.buffer.Unpooled.wrappedBuffer(proposal))));
            int chunk = 60 * 1024;
            for (int sent = 0; sent <= YamuxSession.Settings.DEFAULT_WINDOW; sent += chunk) {
                client.writeEncrypted(io.netty.buffer.ByteBufUtil.getBytes(YamuxSessionTest.data(0, 1, chunk)));
            }
            assertThat(client.closedByPeerWithin(CLOSE_WAIT)).isTrue();
        }
        assertThat(server.log().await(CLOSE_WAIT, "yamux protocol error", "ignores flow control")).startsWith("WARN");
    }

    @Test
    void malformedIdentifyAnswersEndTheStreamNotTheConnection() throws Exception {
        record Case(byte[] answer, String reason) {
        }
        ByteArrayOutputStream truncated = new ByteArrayOutputStream();
        truncated.writeBytes(io.pangea.p2p.wire.Varint.encode(500));
        truncated.writeBytes(new byte[100]);
        List<Case> cases = List.of(
                new Case(io.pangea.p2p.wire.Varint.encode(1_000_000), "exceeds the limit of 16384"),
                new Case(truncated.toByteArray(), "ended inside a length-prefixed message"),
                new Case(LengthPrefixedFrameReader.encodeFrame(new byte[] {(byte) 0xff, 1, 2}), "protobuf"),
                new Case(LengthPrefixedFrameReader.encodeFrame(new byte[] {0x0a, 3, 8, 9, 9}), "unknown libp2p key"));
        // The server's identify handler is swapped for one that answers with each case in turn.
        ProtocolRegistry registry = server.registry();
        registry.unregister(IdentifyMessage.PROTOCOL, registry.handler(IdentifyMessage.PROTOCOL).orElseThrow());
        for (Case c : cases) {
            registry.register(IdentifyMessage.PROTOCOL, (connection, stream) -> answer(stream, c.answer()));
            try (TestHosts.Node client = TestHosts.start("identify-client")) {
                Libp2pConnection connection = await(client.host().dial(server.dialable()));
                assertThat(client.log().await(CLOSE_WAIT, "identify failed", c.reason())).startsWith("INFO");
                assertThat(connection.isOpen()).isTrue();
                assertThat(await(connection.ping())).isPositive();
            }
            registry.unregister(IdentifyMessage.PROTOCOL, registry.handler(IdentifyMessage.PROTOCOL).orElseThrow());
        }
        registry.register(IdentifyMessage.PROTOCOL, new IdentifyService(server.host(), Duration.ofSeconds(10)));
    }

    private static void answer(PeerStream stream, byte[] bytes) {
        stream.write(ByteBuffer.wrap(bytes)).thenRun(stream::closeWrite);
    }

    /** A raw client past the Noise handshake. */
    private RawLibp2pClient secured() throws Exception {
        RawLibp2pClient client = new RawLibp2pClient(serverSocket());
        client.negotiatePlain(ConnectionUpgrader.NOISE);
        assertThat(client.noiseHandshake(NodeIdentity.generate())).isEqualTo(server.identity().peerId());
        return client;
    }

    /** A raw client past the muxer negotiation: the next bytes are Yamux frames. */
    private RawLibp2pClient multiplexed() throws Exception {
        RawLibp2pClient client = secured();
        client.negotiateSecured(ConnectionUpgrader.YAMUX);
        return client;
    }
}
