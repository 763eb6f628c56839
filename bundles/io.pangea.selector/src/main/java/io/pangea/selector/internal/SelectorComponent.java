package io.pangea.selector.internal;

import io.pangea.api.Capability;
import io.pangea.api.ProviderProperties;
import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.NoProviderException;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Watches every service that carries {@value ProviderProperties#CAPABILITY}, the hardware facts and the
 * operator's overrides, and keeps the active provider of each capability up to date: a provider arriving or
 * leaving, a fact being masked or an override changing switches the active provider at once, without a
 * restart. Every change of an active provider is logged.
 */
@Component(name = SelectorComponent.PID, service = ProviderSelector.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SelectorConfiguration.class)
public class SelectorComponent implements ProviderSelector {
    static final String PID = "io.pangea.selector";
    /** A lease races a provider leaving at most this often before the selector gives up. */
    private static final int LEASE_ATTEMPTS = 3;

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private final Logger log;

    /** The facts are optional: without the probe, only providers without requirements are eligible. */
    private volatile HardwareFacts facts;

    private final Map<Capability, String> overrides = new EnumMap<>(Capability.class);
    private final Map<Capability, State> states = new EnumMap<>(Capability.class);
    private ServiceTracker<Object, ServiceReference<Object>> tracker;
    /**
     * The provider services seen so far, kept here rather than asked of the tracker: the tracker only lists a
     * service after its adding callback returns, and the decision must include it already.
     */
    private final Set<ServiceReference<Object>> providerServices = ConcurrentHashMap.newKeySet();

    /** One capability's decision and the service behind each candidate. */
    private record State(SelectionPolicy.Decision decision, Map<Long, ServiceReference<Object>> references) {
        static final State EMPTY = new State(
                new SelectionPolicy.Decision(List.of(), List.of(), Optional.empty(), Optional.empty()), Map.of());
    }

    @Activate
    public SelectorComponent(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
                             @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.log = log;
        readOverrides(properties);
    }

    @Activate
    void activate() throws InvalidSyntaxException {
        tracker = new ServiceTracker<>(context,
                context.createFilter("(" + ProviderProperties.CAPABILITY + "=*)"), new ProviderEvents());
        tracker.open(true);
        recomputeAll("selector started");
    }

    @Modified
    void modified(Map<String, Object> properties) {
        synchronized (this) {
            readOverrides(properties);
        }
        recomputeAll("configuration changed");
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindFacts", updated = "bindFacts")
    void bindFacts(HardwareFacts newFacts) {
        this.facts = newFacts;
        recomputeAll("hardware facts changed");
    }

    void unbindFacts(HardwareFacts oldFacts) {
        if (this.facts == oldFacts) {
            this.facts = null;
            recomputeAll("hardware facts withdrawn");
        }
    }

    // --- ProviderSelector ---------------------------------------------------------------------------------

    @Override
    public synchronized List<ProviderStatus> providers(Capability capability) {
        return state(capability).decision().providers();
    }

    @Override
    public synchronized Optional<ProviderStatus> active(Capability capability) {
        return state(capability).decision().providers().stream().filter(ProviderStatus::active).findFirst();
    }

    @Override
    public synchronized Optional<String> override(Capability capability) {
        return Optional.ofNullable(overrides.get(capability));
    }

    @Override
    public void select(Capability capability, String provider) {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("name a provider of " + capability.id() + " or " + AUTO);
        }
        synchronized (this) {
            if (AUTO.equals(provider)) {
                overrides.remove(capability);
            } else {
                List<ProviderStatus> known = state(capability).decision().providers();
                ProviderStatus chosen = known.stream().filter(p -> p.provider().equals(provider)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + provider + "' for "
                                + capability.id() + "; installed: " + names(known) + " (or " + AUTO + ")"));
                if (!chosen.eligible()) {
                    throw new IllegalArgumentException("provider " + provider + " of " + capability.id()
                            + " is not eligible: " + String.join("; ", chosen.reasons()));
                }
                overrides.put(capability, provider);
            }
            persistOverride(capability, provider);
        }
        recompute(capability, AUTO.equals(provider) ? "override removed" : "operator override");
    }

    @Override
    public <T> Lease<T> lease(Class<T> type) {
        return lease(type, null);
    }

    @Override
    public <T> Lease<T> lease(Class<T> type, String codec) {
        Capability capability = Capability.byType(type).orElseThrow(
                () -> new IllegalArgumentException(type.getName() + " is not a capability interface"));
        for (int attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
            ServiceReference<Object> reference;
            Candidate status;
            synchronized (this) {
                State state = state(capability);
                Optional<Candidate> chosen = codec == null ? state.decision().active() : bestFor(state, codec);
                if (chosen.isEmpty()) {
                    throw new NoProviderException("no eligible " + capability.id() + " provider"
                            + (codec == null ? "" : " for codec " + codec) + describe(state));
                }
                reference = state.references().get(chosen.get().serviceId());
                status = chosen.get();
            }
            ServiceObjects<Object> objects = context.getServiceObjects(reference);
            Object service = objects == null ? null : objects.getService();
            if (service != null) {
                return new ServiceLease<>(type.cast(service), status.provider(), status.codec(), objects);
            }
            // The provider left between the decision and the lease: decide again and retry.
            recompute(capability, "provider " + status.provider() + " left");
        }
        throw new NoProviderException("the " + capability.id() + " providers kept leaving; try again");
    }

    // --- decisions ------------------------------------------------------------------------------------------

    private void recomputeAll(String trigger) {
        for (Capability capability : Capability.values()) {
            recompute(capability, trigger);
        }
    }

    private void recompute(Capability capability, String trigger) {
        if (tracker == null) {
            return; // not yet activated: activate() decides for every capability
        }
        synchronized (this) {
            List<Candidate> candidates = new ArrayList<>();
            Map<Long, ServiceReference<Object>> references = new HashMap<>();
            for (ServiceReference<Object> ref : tracked()) {
                Optional<Candidate> candidate = candidate(ref);
                if (candidate.isPresent() && candidate.get().capability() == capability) {
                    candidates.add(candidate.get());
                    references.put(candidate.get().serviceId(), ref);
                }
            }
            HardwareFacts current = facts;
            SelectionPolicy.Decision decision = SelectionPolicy.decide(candidates,
                    name -> current == null ? Optional.<Fact>empty() : current.get(name),
                    Optional.ofNullable(overrides.get(capability)));
            State previous = state(capability);
            states.put(capability, new State(decision, references));
            report(capability, previous.decision(), decision, trigger);
        }
    }

    private void report(Capability capability, SelectionPolicy.Decision before, SelectionPolicy.Decision after,
                        String trigger) {
        String was = before.active().map(Candidate::provider).orElse(null);
        String now = after.active().map(Candidate::provider).orElse(null);
        boolean sameService = before.active().map(Candidate::serviceId).equals(after.active().map(Candidate::serviceId));
        if (now == null && was != null) {
            log.warn("{}: no eligible provider any more (was {}; {}){}", capability.id(), was, trigger,
                    describeReasons(after));
        } else if (now != null && was == null) {
            log.info("{}: active provider {} ({})", capability.id(), now, trigger);
        } else if (now != null && !sameService) {
            log.info("{}: active provider {} -> {} ({})", capability.id(), was, now, trigger);
        }
        if (after.note().isPresent() && !after.note().equals(before.note())) {
            log.warn("{}: {}", capability.id(), after.note().get());
        }
    }

    private Optional<Candidate> candidate(ServiceReference<Object> ref) {
        Object capabilityId = ref.getProperty(ProviderProperties.CAPABILITY);
        Optional<Capability> capability = Capability.byId(String.valueOf(capabilityId));
        if (capability.isEmpty()) {
            return Optional.empty();
        }
        long serviceId = (Long) ref.getProperty(Constants.SERVICE_ID);
        String provider = Optional.ofNullable(ref.getProperty(ProviderProperties.PROVIDER)).map(String::valueOf)
                .orElse("service-" + serviceId);
        String codec = Optional.ofNullable(ref.getProperty(ProviderProperties.CODEC)).map(String::valueOf)
                .orElse(provider);
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        Optional<String> unavailable = Optional.ofNullable(ref.getProperty(ProviderProperties.UNAVAILABLE))
                .map(String::valueOf);
        List<String> classes = Arrays.asList((String[]) ref.getProperty(Constants.OBJECTCLASS));
        if (!classes.contains(capability.get().type().getName())) {
            unavailable = Optional.of("does not register " + capability.get().type().getName());
        }
        return Optional.of(new Candidate(capability.get(), provider, codec,
                ranking instanceof Integer i ? i : 0, strings(ref.getProperty(ProviderProperties.REQUIRES)),
                unavailable, serviceId, ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName()));
    }

    private List<ServiceReference<Object>> tracked() {
        return List.copyOf(providerServices);
    }

    private State state(Capability capability) {
        return states.getOrDefault(capability, State.EMPTY);
    }

    private static Optional<Candidate> bestFor(State state, String codec) {
        Optional<Candidate> active = state.decision().active();
        if (active.isPresent() && active.get().codec().equals(codec)) {
            return active;
        }
        return state.decision().eligible().stream().filter(c -> c.codec().equals(codec)).findFirst();
    }


    private void persistOverride(Capability capability, String provider) {
        try {
            Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            properties.put(capability.id(), provider);
            configuration.updateIfDifferent(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the override of " + capability.id(), e);
        }
    }

    private void readOverrides(Map<String, Object> properties) {
        overrides.clear();
        for (Capability capability : Capability.values()) {
            Object value = properties.get(capability.id());
            if (value != null && !String.valueOf(value).isBlank() && !AUTO.equals(String.valueOf(value).trim())) {
                overrides.put(capability, String.valueOf(value).trim());
            }
        }
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static String names(List<ProviderStatus> providers) {
        return providers.isEmpty() ? "none" : providers.stream().map(ProviderStatus::provider)
                .collect(Collectors.joining(", "));
    }

    private static String describe(State state) {
        List<ProviderStatus> providers = state.decision().providers();
        return providers.isEmpty() ? ": none is installed" : describeReasons(state.decision());
    }

    private static String describeReasons(SelectionPolicy.Decision decision) {
        return decision.providers().stream()
                .map(p -> p.provider() + ": " + String.join("; ", p.reasons()))
                .collect(Collectors.joining(", ", " (", ")"));
    }

    /** Applies every tracked service event to the decision of its capability. */
    private final class ProviderEvents implements ServiceTrackerCustomizer<Object, ServiceReference<Object>> {
        @Override
        public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
            providerServices.add(reference);
            changed(reference, "arrived");
            return reference;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, ServiceReference<Object> service) {
            changed(reference, "changed");
        }

        @Override
        public void removedService(ServiceReference<Object> reference, ServiceReference<Object> service) {
            providerServices.remove(reference);
            changed(reference, "left");
        }

        private void changed(ServiceReference<Object> reference, String what) {
            Optional<Capability> capability =
                    Capability.byId(String.valueOf(reference.getProperty(ProviderProperties.CAPABILITY)));
            capability.ifPresent(c -> recompute(c, "provider "
                    + reference.getProperty(ProviderProperties.PROVIDER) + " " + what));
        }
    }
}
