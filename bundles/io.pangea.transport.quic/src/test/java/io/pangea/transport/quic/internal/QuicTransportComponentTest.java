package io.pangea.transport.quic.internal;

import io.pangea.api.ProviderProperties;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.lang.reflect.Proxy;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.pangea.transport.quic.internal.Nodes.await;
import static io.pangea.transport.quic.internal.Nodes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DS component through the {@link Transport} it registers, and the guard in front of the QUIC codec. */
class QuicTransportComponentTest {
    @TempDir
    Path data;

    /** What the component registered with its bundle context. */
    static final class Registrations {
        final Map<String, Object> properties = new HashMap<>();
        Object service;
        boolean unregistered;

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                        if (method.getName().equals("registerService")) {
                            service = args[1];
                            Dictionary<?, ?> dictionary = (Dictionary<?, ?>) args[2];
                            for (var keys = dictionary.keys(); keys.hasMoreElements(); ) {
                                Object key = keys.nextElement();
                                properties.put((String) key, dictionary.get(key));
                            }
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                        if (m.getName().equals("unregister")) {
                                            unregistered = true;
                                        }
                                        return null;
                                    });
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private static QuicTransportConfiguration configuration(Map<String, Object> values) {
        return (QuicTransportConfiguration) Proxy.newProxyInstance(QuicTransportConfiguration.class.getClassLoader(),
                new Class<?>[] {QuicTransportConfiguration.class}, (proxy, method, args) -> {
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    private QuicTransportComponent component(String name, String listen, Registrations registrations) {
        Map<String, Object> properties = Map.of(ProviderProperties.CAPABILITY, "transport",
                ProviderProperties.PROVIDER, "quic", "service.ranking", 20, "component.name", "x");
        return new QuicTransportComponent(registrations.context(), configuration(Map.of("listenAddress", listen,
                "identityFile", data.resolve(name).resolve(NodeIdentity.KEY_FILE_NAME).toString())), properties, null);
    }

    @Test
    void registersAWorkingTransportThatServesWhiteboardHandlers() throws Exception {
        Registrations serverRegistrations = new Registrations();
        Registrations clientRegistrations = new Registrations();
        QuicTransportComponent server = component("server", "/ip4/127.0.0.1/udp/0/quic-v1", serverRegistrations);
        QuicTransportComponent client = component("client", "/ip4/127.0.0.1/udp/0/quic-v1", clientRegistrations);
        try {
            assertThat(serverRegistrations.properties).containsEntry(ProviderProperties.PROVIDER, "quic")
                    .containsEntry("service.ranking", 20).doesNotContainKey(ProviderProperties.UNAVAILABLE)
                    .doesNotContainKey("component.name");
            Transport transport = (Transport) serverRegistrations.service;
            Transport dialer = (Transport) clientRegistrations.service;
            ProtocolHandler hello = (connection, stream) -> stream.write(ByteBuffer.wrap(("hello "
                    + connection.remotePeer()).getBytes())).thenRun(stream::closeWrite);
            server.addProtocolHandler(hello, Map.of(ProtocolHandler.PROTOCOL, new String[] {"/test/hello/1.0.0"}));

            String address = transport.listenAddresses().get(0);
            assertThat(dialer.supports(address)).isTrue();
            assertThat(dialer.supports("/ip4/127.0.0.1/tcp/4001")).isFalse();
            assertThat(dialer.supports("not a multiaddr")).isFalse();
            PeerConnection connection = await(dialer.dial(address));
            assertThat(connection.remotePeer()).isEqualTo(Multiaddr.parse(address).peerId().orElseThrow().toBase58());
            assertThat(dialer.connections()).containsExactly(connection);
            assertThat(eventually(() -> transport.connections().size() == 1)).isTrue();

            PeerStream stream = await(connection.openStream("/test/hello/1.0.0"));
            String clientId = Multiaddr.parse(dialer.listenAddresses().get(0)).peerId().orElseThrow().toBase58();
            assertThat(new String(QuicStreamsTest.readAll(stream, 1000))).isEqualTo("hello " + clientId);

            server.removeProtocolHandler(hello, Map.of(ProtocolHandler.PROTOCOL, "/test/hello/1.0.0"));
            assertThatThrownBy(() -> await(connection.openStream("/test/hello/1.0.0")))
                    .hasMessageContaining("negotiation");

            connection.close();
            await(connection.whenClosed());
            assertThat(dialer.connections()).isEmpty();
        } finally {
            server.deactivate();
            client.deactivate();
        }
        assertThat(serverRegistrations.unregistered).isTrue();
    }

    @Test
    void sharesTheNodeIdentityFileWithTheTcpTransport() throws Exception {
        Path key = data.resolve("shared").resolve(NodeIdentity.KEY_FILE_NAME);
        NodeIdentity identity = NodeIdentity.loadOrCreate(key);
        Registrations registrations = new Registrations();
        QuicTransportComponent component = component("shared", "/ip4/127.0.0.1/udp/0/quic-v1", registrations);
        try {
            assertThat(((Transport) registrations.service).listenAddresses().get(0))
                    .endsWith("/p2p/" + identity.peerId());
        } finally {
            component.deactivate();
        }
        assertThat(NodeIdentity.keyFile("").toString())
                .endsWith(Path.of("pangea", NodeIdentity.KEY_FILE_NAME).toString());
    }

    @Test
    void aTakenPortRegistersTheProviderAsUnavailable() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Registrations registrations = new Registrations();
            QuicTransportComponent component = component("taken",
                    "/ip4/127.0.0.1/udp/" + taken.getLocalPort() + "/quic-v1", registrations);
            try {
                assertThat(registrations.properties.get(ProviderProperties.UNAVAILABLE)).asString()
                        .contains("cannot listen on").contains(String.valueOf(taken.getLocalPort()));
                Transport transport = (Transport) registrations.service;
                assertThat(transport.listenAddresses()).isEmpty();
                assertThat(transport.supports("/ip4/127.0.0.1/udp/1/quic-v1")).isFalse();
                assertThatThrownBy(() -> await(transport.dial("/ip4/127.0.0.1/udp/1/quic-v1")))
                        .hasMessageContaining("unavailable");
            } finally {
                component.deactivate();
            }
        }
    }

    @Test
    void theGuardDropsRefusedSourcesBeforeTheCodecAndIsAskedOncePerSource() throws Exception {
        QuicSettings quick = QuicSettings.defaults().withHandshakeTimeout(Duration.ofSeconds(2));
        try (Nodes.Node server = Nodes.start("guarded"); Nodes.Node refused = Nodes.start("refused", quick);
             Nodes.Node admitted = Nodes.start("admitted")) {
            AtomicInteger asked = new AtomicInteger();
            int serverPort = server.address().socketAddress().orElseThrow().getPort();
            server.host().admitWith((source, localPort) -> {
                asked.incrementAndGet();
                return localPort != serverPort; // refuses every source on the server's port
            });
            assertThatThrownBy(() -> await(refused.host().dial(server.dialable())))
                    .hasMessageContaining("handshake timed out");
            assertThat(server.host().connections()).isEmpty();
            int askedForRefused = asked.get();
            assertThat(askedForRefused).isBetween(1, 2); // the Initial and its retransmissions share one decision
            assertThat(server.logged("refused by the guard")).isTrue();

            server.host().admitWith((source, localPort) -> true);
            assertThat(await(admitted.host().dial(server.dialable())).remotePeer())
                    .isEqualTo(server.identity().peerId().toBase58());
        }
    }
}
