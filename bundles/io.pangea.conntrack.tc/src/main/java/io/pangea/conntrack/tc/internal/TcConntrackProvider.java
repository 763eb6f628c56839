package io.pangea.conntrack.tc.internal;

import io.pangea.api.conntrack.ConnectionIds;
import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.conntrack.ConnectionTracker;
import io.pangea.api.facts.FactNames;
import io.pangea.bpf.Bpf;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Registers the TC conntrack provider. The registration is done here rather than by DS so that a tracker that
 * cannot run — the binding did not load, the kernel refused the program or TCX, an interface is missing — still
 * shows up, ineligible, with the reason. Activation never throws. Ranked above the /proc provider (10), which
 * has no traffic counters.
 */
@Component(name = TcConntrackProvider.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=100")
@PangeaProvider(capability = "conntrack", provider = "tc", codec = TcConntrackProvider.CODEC,
        requires = {FactNames.BPF_RIGHTS, FactNames.KERNEL_VERSION + ">=6.6"})
@Designate(ocd = TcConntrackConfiguration.class)
public class TcConntrackProvider {
    static final String PID = "io.pangea.conntrack.tc";
    /** The id rule both conntrack providers share ({@link ConnectionIds}). */
    static final String CODEC = ConnectionIds.CODEC;
    private static final Duration ADDRESS_REFRESH = Duration.ofSeconds(10);

    private final TcConnectionTracker tracker;
    private final ServiceRegistration<ConnectionTracker> registration;

    /** The tracker, or why there is none. */
    record Startup(Optional<TcConnectionTracker> tracker, Optional<String> unavailable) {
        static Startup failed(String reason) {
            return new Startup(Optional.empty(), Optional.of(reason));
        }
    }

    /** @param logger optional: a missing log service must not keep the tracker from running */
    @Activate
    public TcConntrackProvider(BundleContext context, TcConntrackConfiguration configuration,
            Map<String, Object> properties,
            @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
            Logger logger) {
        Startup startup = start(configuration);
        tracker = startup.tracker().orElse(null);
        Optional<Logger> log = Optional.ofNullable(logger);
        // The property carries the first line; the log keeps libbpf's and the verifier's whole story.
        Optional<String> unavailable = startup.unavailable().map(reason -> reason.lines().findFirst().orElse(reason));
        startup.unavailable().ifPresent(reason ->
                log.ifPresent(l -> l.warn("the TC conntrack provider is unavailable: {}", reason)));
        startup.tracker().ifPresent(t -> log.ifPresent(l -> l.info("{}", t)));
        ConnectionTracker service = startup.tracker().<ConnectionTracker>map(t -> t)
                .orElseGet(() -> new UnavailableTracker(unavailable.orElseThrow()));
        registration = context.registerService(ConnectionTracker.class, service,
                ProviderProperties.serviceProperties(properties, unavailable));
    }

    /** Loads and attaches the tracker; whatever goes wrong becomes the reason, never an exception. */
    static Startup start(TcConntrackConfiguration configuration) {
        Optional<String> binding = Bpf.unavailable();
        if (binding.isPresent()) {
            return Startup.failed(binding.get());
        }
        try {
            Set<Integer> ports = configuration.ports() == null ? Set.of()
                    : Arrays.stream(configuration.ports()).boxed().collect(Collectors.toSet());
            ConntrackProgram.Settings settings = new ConntrackProgram.Settings(configuration.maxConnections(), ports);
            if (configuration.idleTimeoutSeconds() < 1) {
                return Startup.failed("idleTimeoutSeconds must be at least 1");
            }
            List<TrackedInterface> interfaces = ConntrackInterfaces.resolve(configuration.interfaces());
            return new Startup(Optional.of(TcConnectionTracker.start(interfaces, settings,
                    Duration.ofSeconds(configuration.idleTimeoutSeconds()), cached(ConntrackInterfaces::localAddresses),
                    KernelClock.SYSTEM)), Optional.empty());
        } catch (Exception | LinkageError e) {
            return Startup.failed(String.valueOf(e.getMessage()));
        }
    }

    /** The node's addresses, read again at most every {@link #ADDRESS_REFRESH}: addresses come and go. */
    static Supplier<Set<InetAddress>> cached(Supplier<Set<InetAddress>> source) {
        return new Supplier<>() {
            private Set<InetAddress> addresses;
            private long readAt;

            @Override
            public synchronized Set<InetAddress> get() {
                long now = System.nanoTime();
                if (addresses == null || now - readAt > ADDRESS_REFRESH.toNanos()) {
                    addresses = Set.copyOf(source.get());
                    readAt = now;
                }
                return addresses;
            }
        };
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (tracker != null) {
            tracker.close();
        }
    }
}
