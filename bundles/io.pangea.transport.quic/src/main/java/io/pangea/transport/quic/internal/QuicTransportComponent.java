package io.pangea.transport.quic.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.facts.FactNames;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.host.NodeAddresses;
import io.pangea.p2p.host.NodeGuard;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.host.ProtocolRegistry;
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

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the QUIC {@link Transport}. The registration is made here rather than by DS so that a transport that
 * cannot run here — the native QUIC library did not load, the UDP port is taken — still shows up, ineligible, with
 * the reason in {@value ProviderProperties#UNAVAILABLE}, as the other native providers do; activation never fails.
 * The node identity is the TCP transport's key file, so a node has one peer id on both transports.
 */
// Immediate: a node listens from the start, not only once something local asks for a transport.
@Component(name = QuicTransportComponent.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=20")
@PangeaProvider(capability = "transport", provider = "quic", codec = QuicTransportComponent.CODEC,
        requires = FactNames.UDP)
@Designate(ocd = QuicTransportConfiguration.class)
public class QuicTransportComponent {
    static final String PID = "io.pangea.transport.quic";
    /** libp2p over QUIC v1 with libp2p TLS: any provider with this codec speaks to this one. */
    static final String CODEC = "libp2p-quic";

    private final ProtocolRegistry registry = new ProtocolRegistry();
    private final QuicLog log;
    private final QuicHost host;
    private final Transport transport;
    private final ServiceRegistration<Transport> registration;

    /** The node's guard, whichever is active, judges each new source before its datagrams are decoded. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ProviderSelector selector;

    /** The node's other transports, whose addresses Identify over QUIC announces after this transport's own. */
    private final NodeAddresses nodeAddresses = new NodeAddresses();

    @Reference(service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(" + ProviderProperties.PROVIDER + "=quic))", unbind = "removeTransport")
    void addTransport(Transport other) {
        nodeAddresses.add(other);
    }

    void removeTransport(Transport other) {
        nodeAddresses.remove(other);
    }

    /** @param logger optional: a missing log service must not keep the transport from running */
    @Activate
    public QuicTransportComponent(BundleContext context, QuicTransportConfiguration configuration,
                                  Map<String, Object> properties,
                                  @Reference(name = "logger", service = LoggerFactory.class,
                                          cardinality = ReferenceCardinality.OPTIONAL) Logger logger) {
        this.log = logger == null ? (level, message) -> { } : QuicLog.to(logger);
        QuicHost started = null;
        Transport service;
        String unavailable = null;
        try {
            NodeIdentity identity = NodeIdentity.loadOrCreate(NodeIdentity.keyFile(configuration.identityFile()));
            started = new QuicHost(identity, settings(configuration), registry, log);
            started.admitWith(this::guardAdmits);
            started.announceAlso(nodeAddresses);
            started.listen(Multiaddr.parse(configuration.listenAddress()));
            service = new QuicTransport(identity, started);
        } catch (Exception | LinkageError e) {
            if (started != null) {
                started.close();
                started = null;
            }
            String reason = Failures.describe(e);
            log.warn("the QUIC transport is unavailable: " + reason);
            unavailable = reason;
            service = new UnavailableTransport(reason);
        }
        this.host = started;
        this.transport = service;
        this.registration = context.registerService(Transport.class, service,
                ProviderProperties.serviceProperties(properties, Optional.ofNullable(unavailable)));
    }

    static QuicSettings settings(QuicTransportConfiguration c) {
        return new QuicSettings(QuicSettings.AGENT_VERSION, Duration.ofSeconds(c.handshakeTimeoutSeconds()),
                Duration.ofSeconds(c.negotiationTimeoutSeconds()), Duration.ofSeconds(c.idleTimeoutSeconds()),
                Duration.ofSeconds(c.pingIntervalSeconds()), c.maxConnections(), c.maxStreamsPerConnection(),
                c.connectionWindowBytes(), c.streamWindowBytes(), QuicSettings.defaults().receiveBuffer(),
                c.socketBufferBytes(), c.congestionControl(), c.ioThreads(), 0,
                udpPayload(c.maxUdpPayloadBytes()), udpPayload(c.loopbackUdpPayloadBytes()), c.gsoSegments());
    }

    private static int udpPayload(int configured) {
        return Math.max(1200, Math.min(QuicSettings.MAX_UDP_PAYLOAD, configured));
    }

    private boolean guardAdmits(InetSocketAddress source, int localPort) {
        return NodeGuard.admits(selector, source, localPort);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
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

    /** What was registered: the transport, or its unavailable stand-in. */
    Transport transport() {
        return transport;
    }
}
