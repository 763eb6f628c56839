package io.pangea.transport.tcp.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.host.NodeAddresses;
import io.pangea.p2p.host.NodeGuard;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.host.ProtocolRegistry;
import io.pangea.p2p.wire.WireFormatException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The TCP {@link Transport}: loads (or creates) the node identity from the data directory, listens on the
 * configured address, dials, and serves inbound streams with the {@link ProtocolHandler} services registered under
 * {@value ProtocolHandler#PROTOCOL}.
 *
 * <p>The service is registered here rather than by DS so that a transport that cannot work (the listen port is taken,
 * the address is malformed, the key file cannot be read) still shows up with the reason in
 * {@value ProviderProperties#UNAVAILABLE}, never eligible, instead of failing its activation where only the log
 * would say why. Activation never throws.
 */
// Immediate: a node listens from the start, not only once something local asks for the transport.
@Component(name = TcpTransportComponent.PID, service = {}, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=10")
@PangeaProvider(capability = "transport", provider = "tcp", codec = TcpTransportComponent.CODEC)
@Designate(ocd = TcpTransportConfiguration.class)
public class TcpTransportComponent implements Transport {
    static final String PID = "io.pangea.transport.tcp";
    /** libp2p over TCP with Noise and Yamux: any provider with this codec speaks to this one. */
    static final String CODEC = "libp2p-tcp";

    private final ProtocolRegistry registry = new ProtocolRegistry();
    private final TransportLog log;
    /** Null only when the identity could not be loaded. */
    private final NodeIdentity identity;
    /** Null only when the identity could not be loaded; closed when it could not listen. */
    private final TcpHost host;
    /** Why this transport cannot work, or null when it listens. */
    private final String unavailable;
    /** The node's other transports (QUIC, ...), whose addresses Identify over TCP announces after its own. */
    private final NodeAddresses nodeAddresses = new NodeAddresses();
    /** Set once registered (after construction, as the constructors chain). */
    private volatile ServiceRegistration<Transport> registration;

    /**
     * Registers the transport, unavailable with the reason when it cannot listen.
     *
     * @param properties the component's, whose {@code pangea.*} and ranking the service carries
     */
    @Activate
    public TcpTransportComponent(BundleContext context, TcpTransportConfiguration configuration,
                                 Map<String, Object> properties,
                                 @Reference(service = LoggerFactory.class) Logger logger) {
        this(configuration, logger, false);
        this.registration = context.registerService(Transport.class, this,
                ProviderProperties.serviceProperties(properties, Optional.ofNullable(unavailable)));
    }

    /**
     * A transport that is not registered (tests, and other modules' tests through their helpers).
     *
     * @throws IOException if it cannot listen
     */
    TcpTransportComponent(TcpTransportConfiguration configuration, Logger logger) throws IOException {
        this(configuration, logger, true);
    }

    private TcpTransportComponent(TcpTransportConfiguration configuration, Logger logger, boolean strict)
            throws UncheckedIOException {
        this.log = TransportLog.of(logger);
        NodeIdentity loaded;
        try {
            loaded = NodeIdentity.loadOrCreate(NodeIdentity.keyFile(configuration.identityFile()));
        } catch (IOException | RuntimeException e) {
            if (strict) {
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            this.identity = null;
            this.host = null;
            this.unavailable = "cannot load the node identity: " + e.getMessage();
            log.warn("the TCP transport is unavailable: " + unavailable);
            return;
        }
        this.identity = loaded;
        YamuxSession.Settings yamux = new YamuxSession.Settings(YamuxSession.Settings.DEFAULT_WINDOW,
                configuration.maxStreamsPerConnection(), Duration.ofSeconds(configuration.keepAliveSeconds()));
        HostSettings settings = new HostSettings(HostSettings.AGENT_VERSION,
                Duration.ofSeconds(configuration.handshakeTimeoutSeconds()),
                Duration.ofSeconds(configuration.negotiationTimeoutSeconds()), yamux, configuration.maxConnections(),
                configuration.ioThreads(), 0);
        this.host = new TcpHost(identity, settings, registry, log);
        host.admitWith(this::guardAdmits);
        host.announceAlso(nodeAddresses);
        String reason = null;
        try {
            host.listen(Multiaddr.parse(configuration.listenAddress()));
        } catch (IOException | WireFormatException e) {
            host.close();
            reason = e.getMessage();
            if (strict) {
                throw new UncheckedIOException(new IOException("TCP transport of " + identity.peerId() + ": "
                        + reason, e));
            }
            log.warn("the TCP transport of " + identity.peerId() + " is unavailable: " + reason);
        }
        this.unavailable = reason;
    }

    /** Why the transport cannot work; empty when it listens. */
    Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** The node's guard, whichever is active, judges every inbound connection before a byte is decoded. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProviderSelector selector;

    private boolean guardAdmits(InetSocketAddress remote, int localPort) {
        return NodeGuard.admits(selector, remote, localPort);
    }

    /**
     * The node's other transports, so that a peer that met this node over TCP learns from Identify where else it
     * listens (and can prefer QUIC, say). The filter leaves out this transport's own registration.
     */
    @Reference(service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(" + ProviderProperties.PROVIDER + "=tcp))", unbind = "removeTransport")
    void addTransport(Transport transport) {
        if (transport != this) {
            nodeAddresses.add(transport);
        }
    }

    void removeTransport(Transport transport) {
        nodeAddresses.remove(transport);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (host != null) {
            host.close();
        }
    }

    @Reference(service = ProtocolHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeProtocolHandler")
    void addProtocolHandler(ProtocolHandler handler, Map<String, Object> properties) {
        registry.register(handler, properties, log::warn);
    }

    void removeProtocolHandler(ProtocolHandler handler, Map<String, Object> properties) {
        registry.unregister(handler, properties);
    }

    @Override
    public List<String> listenAddresses() {
        if (unavailable != null) {
            return List.of();
        }
        return host.listenAddresses().stream().map(a -> a.withPeer(identity.peerId()).toString()).toList();
    }

    @Override
    public CompletionStage<PeerConnection> dial(String multiaddr) {
        if (unavailable != null) {
            return CompletableFuture.failedFuture(new IOException("the TCP transport is unavailable: "
                    + unavailable));
        }
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
        if (unavailable != null) {
            return false; // nothing can be dialed through it; another transport may take the address
        }
        try {
            return Multiaddr.parse(multiaddr).isTcp();
        } catch (WireFormatException e) {
            return false;
        }
    }

    @Override
    public List<PeerConnection> connections() {
        if (unavailable != null) {
            return List.of();
        }
        return List.copyOf(host.connections());
    }

    /** This node's peer id. */
    String peerId() {
        return identity == null ? "" : identity.peerId().toBase58();
    }
}
