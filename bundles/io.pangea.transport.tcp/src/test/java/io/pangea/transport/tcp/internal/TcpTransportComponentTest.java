package io.pangea.transport.tcp.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.pangea.api.ProviderProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.pangea.transport.tcp.internal.TestHosts.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DS component through the {@link Transport} API alone, as the rest of the node uses it. */
class TcpTransportComponentTest {
    @TempDir
    Path data;

    private static TcpTransportConfiguration configuration(Map<String, Object> values) {
        return (TcpTransportConfiguration) Proxy.newProxyInstance(TcpTransportConfiguration.class.getClassLoader(),
                new Class<?>[] {TcpTransportConfiguration.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return TcpTransportConfiguration.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    /** An OSGi Logger that prints; only the level methods with a String are used. */
    private static Logger logger(String name) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (args != null && args.length == 1 && args[0] instanceof String message) {
                        System.out.println("[" + name + "] " + method.getName().toUpperCase() + " " + message);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    private TcpTransportComponent component(String name) throws Exception {
        return new TcpTransportComponent(configuration(Map.of(
                "listenAddress", "/ip4/127.0.0.1/tcp/0",
                "identityFile", data.resolve(name).resolve(NodeIdentity.KEY_FILE_NAME).toString())), logger(name));
    }

    @Test
    void servesWhiteboardHandlersThroughTheTransportApi() throws Exception {
        TcpTransportComponent server = component("server");
        TcpTransportComponent client = component("client");
        try {
            ProtocolHandler upper = (connection, stream) -> stream.read().thenAccept(bytes -> {
                String text = StandardCharsets.UTF_8.decode(bytes).toString().toUpperCase();
                stream.write(ByteBuffer.wrap((text + " from " + connection.remotePeer()).getBytes()))
                        .thenRun(stream::closeWrite);
            });
            server.addProtocolHandler(upper, Map.of(ProtocolHandler.PROTOCOL, new String[] {"/test/upper/1.0.0"}));

            String address = server.listenAddresses().get(0);
            assertThat(address).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + server.peerId());
            PeerConnection connection = await(client.dial(address));
            assertThat(connection.remotePeer()).isEqualTo(server.peerId());
            assertThat(connection.remoteAddress()).isEqualTo(Multiaddr.parse(address).withoutPeer().toString());

            PeerStream stream = await(connection.openStream("/test/upper/1.0.0"));
            assertThat(stream.protocol()).isEqualTo("/test/upper/1.0.0");
            await(stream.write(ByteBuffer.wrap("hello".getBytes())));
            String answer = StandardCharsets.UTF_8.decode(await(stream.read())).toString();
            assertThat(answer).isEqualTo("HELLO from " + client.peerId());
            assertThat(await(stream.read()).hasRemaining()).isFalse();

            server.removeProtocolHandler(upper, Map.of(ProtocolHandler.PROTOCOL, "/test/upper/1.0.0"));
            assertThatThrownBy(() -> await(connection.openStream("/test/upper/1.0.0")))
                    .hasRootCauseInstanceOf(ProtocolNegotiationException.class);
            connection.close();
        } finally {
            client.deactivate();
            server.deactivate();
        }
    }

    @Test
    void keepsItsIdentityInTheDataDirectory() throws Exception {
        TcpTransportComponent first = component("node");
        String peer = first.peerId();
        first.deactivate();
        Path keyFile = data.resolve("node").resolve(NodeIdentity.KEY_FILE_NAME);
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(NodeIdentity.load(keyFile).peerId().toBase58()).isEqualTo(peer);
        TcpTransportComponent second = component("node");
        assertThat(second.peerId()).isEqualTo(peer);
        second.deactivate();
    }

    @Test
    void defaultIdentityFileIsUnderKarafData() {
        String before = System.getProperty("karaf.data");
        try {
            System.setProperty("karaf.data", "/var/pangea/data");
            assertThat(NodeIdentity.keyFile(""))
                    .isEqualTo(Path.of("/var/pangea/data", "pangea", NodeIdentity.KEY_FILE_NAME));
            assertThat(NodeIdentity.keyFile("/etc/k")).isEqualTo(Path.of("/etc/k"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void refusesAnAddressItCannotListenOn() {
        assertThatThrownBy(() -> new TcpTransportComponent(configuration(Map.of(
                "listenAddress", "/ip4/127.0.0.1/udp/0/quic-v1",
                "identityFile", data.resolve("bad").resolve(NodeIdentity.KEY_FILE_NAME).toString())), logger("bad")))
                .hasMessageContaining("cannot listen on /ip4/127.0.0.1/udp/0/quic-v1");
    }

    /** What the component registered, through a BundleContext that records it. */
    private record Registration(Object service, Dictionary<String, Object> properties, AtomicBoolean unregistered) {
    }

    @SuppressWarnings("unchecked")
    private static BundleContext recordingContext(List<Registration> registrations) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Registration registration = new Registration(args[1], (Dictionary<String, Object>) args[2],
                            new AtomicBoolean());
                    registrations.add(registration);
                    return Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (m.getName().equals("unregister")) {
                                    registration.unregistered().set(true);
                                }
                                return null;
                            });
                });
    }

    private static final Map<String, Object> COMPONENT_PROPERTIES = Map.of("pangea.capability", "transport",
            "pangea.provider", "tcp", "pangea.codec", TcpTransportComponent.CODEC, "service.ranking", 10,
            "listenAddress", "not copied", "component.name", TcpTransportComponent.PID);

    private TcpTransportComponent activate(String listenAddress, List<Registration> registrations) {
        return new TcpTransportComponent(recordingContext(registrations), configuration(Map.of(
                "listenAddress", listenAddress,
                "identityFile", data.resolve("node").resolve(NodeIdentity.KEY_FILE_NAME).toString())),
                COMPONENT_PROPERTIES, logger("node"));
    }

    @Test
    void aTakenPortRegistersTheTransportAsUnavailableWithTheReason() throws Exception {
        try (ServerSocket occupant = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            List<Registration> registrations = new ArrayList<>();
            TcpTransportComponent transport = activate("/ip4/127.0.0.1/tcp/" + occupant.getLocalPort(),
                    registrations);
            try {
                assertThat(registrations).hasSize(1);
                Registration registration = registrations.get(0);
                assertThat(registration.service()).isSameAs(transport);
                assertThat(Collections.list(registration.properties().keys())).containsExactlyInAnyOrder(
                        "pangea.capability", "pangea.provider", "pangea.codec", "service.ranking",
                        ProviderProperties.UNAVAILABLE);
                assertThat(registration.properties().get("pangea.provider")).isEqualTo("tcp");
                assertThat((String) registration.properties().get(ProviderProperties.UNAVAILABLE))
                        .contains("cannot listen on /ip4/127.0.0.1/tcp/" + occupant.getLocalPort())
                        .containsIgnoringCase("address already in use");
                // Nothing works through it, and it says why; another transport takes the addresses.
                assertThat(transport.listenAddresses()).isEmpty();
                assertThat(transport.connections()).isEmpty();
                assertThat(transport.supports("/ip4/127.0.0.1/tcp/4001")).isFalse();
                assertThatThrownBy(() -> await(transport.dial("/ip4/127.0.0.1/tcp/" + occupant.getLocalPort())))
                        .hasMessageContaining("the TCP transport is unavailable: cannot listen on");
            } finally {
                transport.deactivate();
            }
            assertThat(registrations.get(0).unregistered()).isTrue();
        }
    }

    @Test
    void aMalformedListenAddressRegistersTheTransportAsUnavailable() {
        List<Registration> registrations = new ArrayList<>();
        TcpTransportComponent transport = activate("/ip4/127.0.0.1/tcp/notaport", registrations);
        transport.deactivate();
        assertThat(registrations).singleElement().satisfies(r ->
                assertThat((String) r.properties().get(ProviderProperties.UNAVAILABLE)).isNotBlank());
        List<Registration> quic = new ArrayList<>();
        activate("/ip4/127.0.0.1/udp/0/quic-v1", quic).deactivate();
        assertThat((String) quic.get(0).properties().get(ProviderProperties.UNAVAILABLE))
                .contains("cannot listen on /ip4/127.0.0.1/udp/0/quic-v1");
    }

    @Test
    void aListeningTransportRegistersWithoutAReason() throws Exception {
        List<Registration> registrations = new ArrayList<>();
        TcpTransportComponent transport = activate("/ip4/127.0.0.1/tcp/0", registrations);
        try {
            assertThat(registrations.get(0).properties().get(ProviderProperties.UNAVAILABLE)).isNull();
            assertThat(registrations.get(0).properties().get("service.ranking")).isEqualTo(10);
            assertThat(transport.listenAddresses()).singleElement().satisfies(a ->
                    assertThat(transport.supports(a)).isTrue());
        } finally {
            transport.deactivate();
        }
    }

    @Test
    void dialRejectsMalformedAddresses() throws Exception {
        TcpTransportComponent node = component("dialer");
        try {
            assertThatThrownBy(() -> await(node.dial("not an address"))).hasMessageContaining("must start with '/'");
            assertThatThrownBy(() -> await(node.dial("/ip4/127.0.0.1/udp/1/quic-v1")))
                    .hasMessageContaining("not a TCP address");
            assertThatThrownBy(() -> await(node.dial(node.listenAddresses().get(0))))
                    .hasMessageContaining("cannot dial this node itself");
        } finally {
            node.deactivate();
        }
    }

    /** A transport that only names addresses, as the node's QUIC transport would; nothing is dialed through it. */
    private static Transport announcing(String... addresses) {
        return new Transport() {
            @Override
            public List<String> listenAddresses() {
                return List.of(addresses);
            }

            @Override
            public CompletionStage<PeerConnection> dial(String multiaddr) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("not dialed in this test"));
            }

            @Override
            public boolean supports(String multiaddr) {
                return false;
            }

            @Override
            public List<PeerConnection> connections() {
                return List.of();
            }
        };
    }

    @Test
    void identifyAnnouncesTheNodesOtherTransportsAfterItsOwnAddresses() throws Exception {
        TcpTransportComponent server = component("server");
        TcpTransportComponent client = component("client");
        try {
            String tcp = Multiaddr.parse(server.listenAddresses().get(0)).withoutPeer().toString();
            // The server's QUIC transport as DS would bind it (same identity, so /p2p names the server) ...
            Transport quic = announcing("/ip4/127.0.0.1/udp/4242/quic-v1/p2p/" + server.peerId());
            server.addTransport(quic);
            // ... and one configured with another key file: Identify vouches for this peer only, so it is left out.
            server.addTransport(announcing("/ip4/127.0.0.1/udp/4343/quic-v1/p2p/" + client.peerId()));
            // The component's own registration, should the reference's filter ever let it through, adds nothing.
            server.addTransport(server);

            PeerConnection connection = await(client.dial(server.listenAddresses().get(0)));
            await(connection.identification());
            assertThat(connection.remoteListenAddresses())
                    .containsExactly(tcp, "/ip4/127.0.0.1/udp/4242/quic-v1");
            connection.close();

            // Once the QUIC transport is gone, a new connection hears of the TCP address alone.
            server.removeTransport(quic);
            PeerConnection again = await(client.dial(server.listenAddresses().get(0)));
            await(again.identification());
            assertThat(again.remoteListenAddresses()).containsExactly(tcp);
            // The Transport API still names TCP addresses only: other transports name their own.
            assertThat(server.listenAddresses()).singleElement().satisfies(a -> assertThat(a).contains("/tcp/"));
            again.close();
        } finally {
            client.deactivate();
            server.deactivate();
        }
    }

}
