package io.pangea.transport.tcp.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.guard.Guard;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.wire.WireFormatException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The TCP {@link Transport}: loads (or creates) the node identity from the data directory, listens on the
 * configured address, dials, and serves inbound streams with the {@link ProtocolHandler} services registered under
 * {@value ProtocolHandler#PROTOCOL}.
 */
// Immediate: a node listens from the start, not only once something local asks for the transport.
@Component(name = TcpTransportComponent.PID, service = Transport.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=10")
@PangeaProvider(capability = "transport", provider = "tcp", codec = TcpTransportComponent.CODEC)
@Designate(ocd = TcpTransportConfiguration.class)
public class TcpTransportComponent implements Transport {
    static final String PID = "io.pangea.transport.tcp";
    /** libp2p over TCP with Noise and Yamux: any provider with this codec speaks to this one. */
    static final String CODEC = "libp2p-tcp";

    private final ProtocolRegistry registry = new ProtocolRegistry();
    private final NodeIdentity identity;
    private final TransportLog log;
    private final TcpHost host;

    @Activate
    public TcpTransportComponent(TcpTransportConfiguration configuration,
                                 @Reference(service = LoggerFactory.class) Logger logger) throws IOException {
        this.identity = NodeIdentity.loadOrCreate(identityFile(configuration.identityFile()));
        YamuxSession.Settings yamux = new YamuxSession.Settings(YamuxSession.Settings.DEFAULT_WINDOW,
                configuration.maxStreamsPerConnection(), Duration.ofSeconds(configuration.keepAliveSeconds()));
        HostSettings settings = new HostSettings(HostSettings.AGENT_VERSION,
                Duration.ofSeconds(configuration.handshakeTimeoutSeconds()),
                Duration.ofSeconds(configuration.negotiationTimeoutSeconds()), yamux, configuration.maxConnections(),
                configuration.ioThreads(), 0);
        this.log = TransportLog.of(logger);
        this.host = new TcpHost(identity, settings, registry, log);
        host.admitWith(this::guardAdmits);
        try {
            host.listen(Multiaddr.parse(configuration.listenAddress()));
        } catch (IOException | WireFormatException e) {
            host.close();
            throw new IOException("TCP transport of " + identity.peerId() + ": " + e.getMessage(), e);
        }
    }

    /** The key file: the configured one, else the node's key in {@code <karaf.data>/pangea/}, shared by transports. */
    static Path identityFile(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("karaf.data", "data"), "pangea", NodeIdentity.KEY_FILE_NAME);
    }

    /** The node's guard, whichever is active, judges every inbound connection before a byte is decoded. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProviderSelector selector;

    private boolean guardAdmits(InetSocketAddress remote, int localPort) {
        ProviderSelector current = selector;
        if (current == null) {
            return true;
        }
        try (Lease<Guard> guard = current.lease(Guard.class)) {
            return guard.provider().admits(remote, localPort);
        } catch (NoProviderException e) {
            return true; // no guard installed: nothing to enforce
        }
    }

    @Deactivate
    void deactivate() {
        host.close();
    }

    @Reference(service = ProtocolHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeProtocolHandler")
    void addProtocolHandler(ProtocolHandler handler, Map<String, Object> properties) {
        List<String> protocols = protocols(properties);
        if (protocols.isEmpty()) {
            log.warn("ignoring protocol handler " + handler + ": it has no " + ProtocolHandler.PROTOCOL + " property");
        }
        for (String protocol : protocols) {
            try {
                registry.register(protocol, handler);
            } catch (IllegalArgumentException e) {
                log.warn("ignoring protocol handler " + handler + " for " + protocol + ": " + e.getMessage());
            }
        }
    }

    void removeProtocolHandler(ProtocolHandler handler, Map<String, Object> properties) {
        for (String protocol : protocols(properties)) {
            registry.unregister(protocol, handler);
        }
    }

    /** The {@value ProtocolHandler#PROTOCOL} property: one id or several. */
    static List<String> protocols(Map<String, Object> properties) {
        Object value = properties.get(ProtocolHandler.PROTOCOL);
        if (value instanceof String protocol) {
            return List.of(protocol);
        }
        if (value instanceof String[] protocols) {
            return List.of(protocols);
        }
        if (value instanceof Collection<?> protocols) {
            return protocols.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    @Override
    public List<String> listenAddresses() {
        return host.listenAddresses().stream().map(a -> a.withPeer(identity.peerId()).toString()).toList();
    }

    @Override
    public CompletionStage<PeerConnection> dial(String multiaddr) {
        Multiaddr address;
        try {
            address = Multiaddr.parse(multiaddr);
        } catch (WireFormatException e) {
            return CompletableFuture.failedFuture(e);
        }
        return host.dial(address).thenApply(connection -> connection);
    }

    /** Only {@code /<ip4|ip6|dns>/<host>/tcp/<port>[/p2p/<id>]}: QUIC and other addresses belong to other transports. */
    @Override
    public boolean supports(String multiaddr) {
        try {
            return Multiaddr.parse(multiaddr).isTcp();
        } catch (WireFormatException e) {
            return false;
        }
    }

    @Override
    public List<PeerConnection> connections() {
        return List.copyOf(host.connections());
    }

    /** This node's peer id. */
    String peerId() {
        return identity.peerId().toBase58();
    }
}
