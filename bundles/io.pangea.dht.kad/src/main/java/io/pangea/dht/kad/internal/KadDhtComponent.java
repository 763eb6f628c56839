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
import org.osgi.service.metatype.annotations.Designate;

import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The Kademlia {@link Dht} on the active transport. Activates once a {@link Transport} is registered (and again when
 * it changes, so the node's id and addresses follow it), dials through the transport leased from the
 * {@link ProviderSelector}, serves {@value TransportKadNetwork#PROTOCOL} in server mode as a {@link ProtocolHandler}
 * service, and vouches for what the {@link ProviderRecordSource} services hold.
 */
@Component(name = KadDhtComponent.PID, service = Dht.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=10")
@PangeaProvider(capability = "dht", provider = "kad", codec = KadDhtComponent.CODEC)
@Designate(ocd = KadConfiguration.class)
public class KadDhtComponent implements Dht {
    static final String PID = "io.pangea.dht.kad";
    static final String CODEC = "kad-1.0.0";

    private final KadService service;
    private final ServiceRegistration<ProtocolHandler> handlerRegistration;

    @Activate
    public KadDhtComponent(KadConfiguration configuration, @Reference ProviderSelector selector,
                           @Reference(service = Transport.class) Transport anyTransport, BundleContext context) {
        // A Karaf .cfg line gives one comma-separated string rather than an array.
        List<String> bootstrapPeers = Arrays.stream(configuration.bootstrapPeers())
                .flatMap(entry -> Arrays.stream(entry.split("[,\\s]+")))
                .filter(peer -> !peer.isEmpty())
                .toList();
        this.service = new KadService(config(configuration), Duration.ofSeconds(configuration.dialTimeoutSeconds()),
                bootstrapPeers, () -> selector.lease(Transport.class));
        Optional<KadProtocolHandler> handler = service.handler();
        if (handler.isPresent()) {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(ProtocolHandler.PROTOCOL, TransportKadNetwork.PROTOCOL);
            handlerRegistration = context.registerService(ProtocolHandler.class, handler.get(), properties);
        } else {
            handlerRegistration = null;
        }
        service.start(Duration.ofSeconds(Math.max(1, configuration.bootstrapRetrySeconds())));
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

    @Deactivate
    void deactivate() {
        if (handlerRegistration != null) {
            try {
                handlerRegistration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        service.close();
    }

    @Reference(service = ProviderRecordSource.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeRecordSource")
    void addRecordSource(ProviderRecordSource source) {
        service.node().addRecordSource(source);
    }

    void removeRecordSource(ProviderRecordSource source) {
        service.node().removeRecordSource(source);
    }

    @Override
    public CompletionStage<Void> provide(byte[] key) {
        return service.node().provide(key);
    }

    @Override
    public void unprovide(byte[] key) {
        service.node().unprovide(key);
    }

    @Override
    public CompletionStage<List<PeerInfo>> findProviders(byte[] key, int limit) {
        return service.node().findProviders(key, limit);
    }

    @Override
    public CompletionStage<Optional<PeerInfo>> findPeer(String peerId) {
        return service.node().findPeer(peerId);
    }

    @Override
    public CompletionStage<Void> putValue(byte[] key, byte[] value) {
        return service.node().putValue(key, value);
    }

    @Override
    public CompletionStage<Optional<byte[]>> getValue(byte[] key) {
        return service.node().getValue(key);
    }

    @Override
    public List<PeerInfo> routingTable() {
        return service.node().routingTable();
    }
}
