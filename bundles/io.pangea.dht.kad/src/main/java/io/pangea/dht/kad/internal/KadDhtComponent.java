package io.pangea.dht.kad.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.dht.Dht;
import io.pangea.api.dht.PeerInfo;
import io.pangea.api.dht.ProviderRecordSource;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
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
import org.osgi.service.metatype.annotations.Designate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Kademlia {@link Dht} on every transport of the node. It tracks all {@link Transport} services (dynamically, so
 * a transport coming, going or losing the preference never restarts the DHT: its routing table and provider records
 * survive a swap), dials through the transport leased from the {@link ProviderSelector} and then through any other
 * that supports a peer's address, serves {@value TransportKadNetwork#PROTOCOL} in server mode as a
 * {@link ProtocolHandler} service (which every transport serves), and vouches for what the
 * {@link ProviderRecordSource} services hold.
 *
 * <p>The node's peer id comes from its transports' listen addresses, so the Kademlia node starts with the first
 * transport that names one; until then every operation fails with the reason.
 */
@Component(name = KadDhtComponent.PID, service = Dht.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=10")
@PangeaProvider(capability = "dht", provider = "kad", codec = KadDhtComponent.CODEC)
@Designate(ocd = KadConfiguration.class)
public class KadDhtComponent implements Dht {
    static final String PID = "io.pangea.dht.kad";
    static final String CODEC = "kad-1.0.0";

    private final KadConfig config;
    private final Duration dialTimeout;
    private final Duration bootstrapRetry;
    private final List<String> bootstrapPeers;
    private final BundleContext context;
    private final RegisteredTransports transports;
    private final List<ProviderRecordSource> sources = new CopyOnWriteArrayList<>();
    private volatile KadService service;
    private ServiceRegistration<ProtocolHandler> handlerRegistration;
    private boolean deactivated;

    @Activate
    public KadDhtComponent(KadConfiguration configuration, @Reference ProviderSelector selector,
                           BundleContext context) {
        // A Karaf .cfg line gives one comma-separated string rather than an array.
        this.bootstrapPeers = Arrays.stream(configuration.bootstrapPeers())
                .flatMap(entry -> Arrays.stream(entry.split("[,\\s]+")))
                .filter(peer -> !peer.isEmpty())
                .toList();
        this.config = config(configuration);
        this.dialTimeout = Duration.ofSeconds(configuration.dialTimeoutSeconds());
        this.bootstrapRetry = Duration.ofSeconds(Math.max(1, configuration.bootstrapRetrySeconds()));
        // Checked now, so a bad entry fails activation rather than the first transport's arrival.
        KadService.seeds(bootstrapPeers, null);
        this.context = context;
        this.transports = new RegisteredTransports(selector);
    }

    static KadConfig config(KadConfiguration c) {
        String mode = c.mode() == null ? "server" : c.mode().trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("server") && !mode.equals("client")) {
            throw new IllegalArgumentException("mode must be server or client, not '" + c.mode() + "'");
        }
        if (c.requestTimeoutSeconds() < 1 || c.dialTimeoutSeconds() < 1 || c.providerExpiryMinutes() < 1
                || c.providerRepublishMinutes() < 1) {
            throw new IllegalArgumentException("timeouts, provider expiry and republish must be positive");
        }
        KadConfig defaults = KadConfig.defaults();
        return new KadConfig(c.k(), c.alpha(), Duration.ofSeconds(c.requestTimeoutSeconds()),
                Duration.ofMinutes(c.providerExpiryMinutes()), Duration.ofMinutes(c.providerRepublishMinutes()),
                mode.equals("server"), defaults.maxProviderKeys(), defaults.maxProvidersPerKey(),
                defaults.maxValues());
    }

    @Reference(service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeTransport")
    void addTransport(Transport transport, Map<String, Object> properties) {
        transports.add(transport, properties);
        transportsChanged();
    }

    void removeTransport(Transport transport, Map<String, Object> properties) {
        transports.remove(transport);
        // Connections of the transport close with it and leave the network's cache on their own.
        transportsChanged();
    }

    /** Starts the node with the first transport that names its id; afterwards, follows the addresses. */
    private synchronized void transportsChanged() {
        if (deactivated) {
            return;
        }
        KadService running = service;
        if (running != null) {
            running.transportsChanged();
            return;
        }
        if (KadService.self(transports).isEmpty()) {
            return;
        }
        running = new KadService(config, dialTimeout, bootstrapPeers, transports);
        sources.forEach(running.node()::addRecordSource);
        Optional<KadProtocolHandler> handler = running.handler();
        if (handler.isPresent()) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(ProtocolHandler.PROTOCOL, TransportKadNetwork.PROTOCOL);
            handlerRegistration = context.registerService(ProtocolHandler.class, handler.get(), properties);
        }
        service = running;
        running.start(bootstrapRetry);
    }

    @Deactivate
    synchronized void deactivate() {
        deactivated = true;
        if (handlerRegistration != null) {
            try {
                handlerRegistration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        KadService running = service;
        if (running != null) {
            running.close();
        }
    }

    @Reference(service = ProviderRecordSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeRecordSource")
    synchronized void addRecordSource(ProviderRecordSource source) {
        sources.add(source);
        if (service != null) {
            service.node().addRecordSource(source);
        }
    }

    synchronized void removeRecordSource(ProviderRecordSource source) {
        sources.remove(source);
        if (service != null) {
            service.node().removeRecordSource(source);
        }
    }

    /** The running node; for tests. */
    Optional<KadService> service() {
        return Optional.ofNullable(service);
    }

    private <T> CompletionStage<T> withNode(java.util.function.Function<KadNode, CompletionStage<T>> operation) {
        KadService running = service;
        if (running == null) {
            return CompletableFuture.failedFuture(notStarted());
        }
        return operation.apply(running.node());
    }

    private static IllegalStateException notStarted() {
        return new IllegalStateException("the DHT has not started: no transport listens under this node's peer id "
                + "yet (see pangea:providers transport)");
    }

    @Override
    public CompletionStage<Void> provide(byte[] key) {
        return withNode(node -> node.provide(key));
    }

    @Override
    public void unprovide(byte[] key) {
        KadService running = service;
        if (running != null) {
            running.node().unprovide(key);
        }
    }

    @Override
    public CompletionStage<List<PeerInfo>> findProviders(byte[] key, int limit) {
        return withNode(node -> node.findProviders(key, limit));
    }

    @Override
    public CompletionStage<Optional<PeerInfo>> findPeer(String peerId) {
        return withNode(node -> node.findPeer(peerId));
    }

    @Override
    public CompletionStage<Void> putValue(byte[] key, byte[] value) {
        return withNode(node -> node.putValue(key, value));
    }

    @Override
    public CompletionStage<Optional<byte[]>> getValue(byte[] key) {
        return withNode(node -> node.getValue(key));
    }

    @Override
    public List<PeerInfo> routingTable() {
        KadService running = service;
        return running == null ? List.of() : running.node().routingTable();
    }
}
