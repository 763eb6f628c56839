package io.pangea.transport.tcp.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
            assertThat(TcpTransportComponent.identityFile(""))
                    .isEqualTo(Path.of("/var/pangea/data", "pangea", NodeIdentity.KEY_FILE_NAME));
            assertThat(TcpTransportComponent.identityFile("/etc/k")).isEqualTo(Path.of("/etc/k"));
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
}
