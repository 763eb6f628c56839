package io.pangea.transport.tcp.internal;

import io.pangea.p2p.host.IdentifyMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.pangea.transport.tcp.internal.JsLibp2pPeer.event;
import static io.pangea.transport.tcp.internal.JsLibp2pPeer.field;
import static io.pangea.transport.tcp.internal.JsLibp2pPeer.list;
import static io.pangea.transport.tcp.internal.TestHosts.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with js-libp2p 3.x (TCP, @chainsafe/libp2p-noise, @chainsafe/libp2p-yamux, Identify, Ping), the
 * reference peer of the design: Pangea dials it, and it dials Pangea.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class JsLibp2pInteropTest {
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    private JsLibp2pPeer js;
    private String jsPeerId;
    private String jsAddress;

    @BeforeAll
    void startJsPeer() throws Exception {
        js = JsLibp2pPeer.start(Path.of("src/test/js"), Path.of("target/js-peer"));
        String listening = js.await(Duration.ofSeconds(60), event("listening"), "its listen address");
        jsPeerId = field(listening, "peerId");
        jsAddress = list(listening, "addrs").get(0);
        assertThat(jsAddress).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + jsPeerId);
    }

    @AfterAll
    void stopJsPeer() throws Exception {
        if (js != null) {
            js.close();
        }
    }

    @Test
    void pangeaDialsJsIdentifiesBothWaysAndPings() throws Exception {
        try (TestHosts.Node pangea = TestHosts.start("pangea-dialer")) {
            Libp2pConnection connection = await(pangea.host().dial(io.pangea.p2p.Multiaddr.parse(jsAddress)));
            assertThat(connection.remotePeer()).isEqualTo(jsPeerId);

            IdentifyMessage js = await(connection.identified());
            assertThat(js.agentVersion()).startsWith("js-libp2p/");
            assertThat(js.protocols()).contains(IdentifyMessage.PROTOCOL, PingService.PROTOCOL);
            assertThat(js.publicKey()).contains(connection.remoteKey());
            assertThat(js.listenAddrs()).anySatisfy(a -> assertThat(jsAddress).startsWith(a.toString()));
            assertThat(js.observedAddr()).isPresent();

            String identified = this.js.await(EVENT_WAIT, line -> event("identify").test(line)
                    && line.contains(pangea.identity().peerId().toBase58()), "identify of the Pangea peer");
            assertThat(field(identified, "agentVersion")).isEqualTo(HostSettings.AGENT_VERSION);
            assertThat(list(identified, "protocols")).contains(IdentifyMessage.PROTOCOL, PingService.PROTOCOL);
            assertThat(list(identified, "listenAddrs")).contains(pangea.address().toString());

            for (int i = 0; i < 3; i++) {
                Duration rtt = await(connection.ping());
                assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));
            }
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void jsDialsPangeaAndPings() throws Exception {
        try (TestHosts.Node pangea = TestHosts.start("pangea-listener")) {
            String address = pangea.dialable().toString();
            for (int i = 0; i < 3; i++) {
                this.js.send("{\"cmd\":\"ping\",\"addr\":\"" + address + "\"}");
                String pong = this.js.await(EVENT_WAIT, event("pong"), "a pong from Pangea");
                assertThat(pong).containsPattern("\"rtt\":\\d+");
            }
            String identified = this.js.await(EVENT_WAIT, line -> event("identify").test(line)
                    && line.contains(pangea.identity().peerId().toBase58()), "identify of the Pangea listener");
            assertThat(field(identified, "agentVersion")).isEqualTo(HostSettings.AGENT_VERSION);
            assertThat(field(identified, "observedAddr")).startsWith("/ip4/127.0.0.1/tcp/");

            List<Libp2pConnection> inbound = pangea.host().connections();
            assertThat(inbound).singleElement().satisfies(c -> {
                assertThat(c.isDialer()).isFalse();
                assertThat(c.remotePeer()).isEqualTo(jsPeerId);
            });
            IdentifyMessage js = await(inbound.get(0).identified());
            assertThat(js.agentVersion()).startsWith("js-libp2p/");
            // And the other way on the connection js opened: Pangea pings js back.
            assertThat(await(inbound.get(0).ping())).isPositive();
        }
    }
}
