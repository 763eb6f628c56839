package io.pangea.guard.xdp.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.ProviderProperties;
import io.pangea.api.facts.FactNames;
import io.pangea.api.guard.Guard;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.NetworkNamespace;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers the XDP guard. The registration is done here rather than by DS so that a guard that cannot run —
 * the binding did not load, the kernel refused the program, an interface is missing or refused the attachment —
 * still shows up, ineligible, with the reason. Activation never throws.
 */
@Component(name = XdpGuardProvider.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=100")
@PangeaProvider(capability = "guard", provider = "xdp", codec = XdpGuardProvider.CODEC,
        requires = FactNames.BPF_RIGHTS)
@Designate(ocd = XdpGuardConfiguration.class)
public class XdpGuardProvider {
    static final String PID = "io.pangea.guard.xdp";
    /** The meaning of GuardRules both guards enforce alike: longest prefix wins, deny wins a tie. */
    static final String CODEC = "guard-v1";

    private final XdpGuard guard;
    private final ServiceRegistration<Guard> registration;

    /** The guard, or why there is none. */
    record Startup(Optional<XdpGuard> guard, Optional<String> unavailable) {
        static Startup failed(String reason) {
            return new Startup(Optional.empty(), Optional.of(reason));
        }
    }

    /** @param logger optional: a missing log service must not keep the guard from running */
    @Activate
    public XdpGuardProvider(BundleContext context, XdpGuardConfiguration configuration,
            Map<String, Object> properties,
            @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
            Logger logger) {
        Startup startup = start(configuration.namespace(), configuration.interfaces(), configuration.mode(),
                new GuardProgram.Settings(configuration.enforce(), configuration.maxRules(),
                        configuration.rateSources()));
        guard = startup.guard().orElse(null);
        Optional<Logger> log = Optional.ofNullable(logger);
        // The property carries the first line; the log keeps libbpf's and the verifier's whole story.
        Optional<String> unavailable = startup.unavailable().map(reason -> reason.lines().findFirst().orElse(reason));
        startup.unavailable().ifPresent(reason ->
                log.ifPresent(l -> l.warn("the XDP guard is unavailable: {}", reason)));
        startup.guard().ifPresent(g -> log.ifPresent(l -> l.info("{}", g)));
        Guard service = startup.guard().<Guard>map(g -> g)
                .orElseGet(() -> new UnavailableGuard(unavailable.orElseThrow()));
        registration = context.registerService(Guard.class, service,
                ProviderProperties.serviceProperties(properties, unavailable));
    }

    /** Loads and attaches the guard in the JVM's namespace; whatever goes wrong becomes the reason. */
    static Startup start(String[] interfaces, String mode, GuardProgram.Settings settings) {
        return start("", interfaces, mode, settings);
    }

    /**
     * Loads and attaches the guard to interfaces of {@code namespace} (blank: the JVM's); whatever goes wrong
     * becomes the reason, never an exception. The links made inside the namespace stay there after the thread
     * that made them is gone, and are used from any thread like the others.
     */
    static Startup start(String namespace, String[] interfaces, String mode, GuardProgram.Settings settings) {
        Optional<String> binding = Bpf.unavailable();
        if (binding.isPresent()) {
            return Startup.failed(binding.get());
        }
        try {
            AttachMode attachMode = AttachMode.parse(mode);
            if (settings.maxRules() < 1 || settings.rateSources() < 1) {
                return Startup.failed("maxRules and rateSources must be positive");
            }
            if (namespace == null || namespace.isBlank()) {
                List<GuardInterfaces.Interface> targets = GuardInterfaces.resolve(interfaces);
                return new Startup(Optional.of(XdpGuard.start(targets, attachMode, settings)), Optional.empty());
            }
            String name = namespace.strip();
            XdpGuard guard = NetworkNamespace.run(name, () -> XdpGuard.start(
                    GuardInterfaces.resolveInThreadNamespace(interfaces, name), attachMode, settings));
            return new Startup(Optional.of(guard), Optional.empty());
        } catch (Exception | LinkageError e) {
            return Startup.failed(String.valueOf(e.getMessage()));
        }
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (guard != null) {
            guard.close();
        }
    }
}
