package io.pangea.guard.rules.internal;

import io.pangea.api.Capability;
import io.pangea.api.ProviderProperties;
import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRuleBook;
import io.pangea.api.guard.GuardRules;
import io.pangea.api.transport.Transport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
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
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guard rule book as a service: the rules live in this component's configuration (PID
 * {@value #PID}), every change is stored through ConfigurationAdmin, and the rules go to every registered guard
 * service, active or not, on its arrival and on every change, so that a swap of the active guard keeps them.
 */
@Component(name = GuardRulesComponent.PID, service = GuardRuleBook.class, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GuardRulesConfiguration.class)
public class GuardRulesComponent implements GuardRuleBook {
    static final String PID = "io.pangea.guard.rules";

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private final Logger log;
    private final RuleBookCore core;
    private ServiceTracker<Object, Guard> tracker;

    @Activate
    public GuardRulesComponent(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
                               @Reference(service = LoggerFactory.class) Logger log, Map<String, Object> properties) {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.log = log;
        this.core = new RuleBookCore(readOrDefault(properties), this::persist,
                (guard, e) -> log.error("guard {} refused the rules: {}", guard, e.getMessage(), e));
    }

    @Activate
    void activate() throws InvalidSyntaxException {
        tracker = new ServiceTracker<>(context, context.createFilter("(" + ProviderProperties.CAPABILITY + "="
                + Capability.GUARD.id() + ")"), new GuardEvents());
        tracker.open(true);
        if (core.rules().ports().isEmpty()) {
            log.info("guard rules: no port is configured (ports in etc/{}.cfg) and no transport listens yet; "
                    + "the guards touch no traffic until one does", PID);
        }
    }

    /**
     * The configuration changed. The properties DS hands over are those of the change notified, which may be one of
     * this book's own earlier writes, so the rules are read from what is stored now (see
     * {@link RuleBookCore#configured(java.util.function.Supplier)}).
     */
    @Modified
    void modified(Map<String, Object> properties) {
        try {
            core.configured(this::stored);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            log.error("etc/{}.cfg: {}; the rules stay as they were", PID, e.getMessage());
        }
    }

    private GuardRules stored() {
        try {
            Dictionary<String, Object> dictionary = configurationAdmin.getConfiguration(PID, "?").getProperties();
            Map<String, Object> properties = new HashMap<>();
            if (dictionary != null) {
                for (String key : Collections.list(dictionary.keys())) {
                    properties.put(key, dictionary.get(key));
                }
            }
            return RuleProperties.read(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the guard rules", e);
        }
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    // --- the node's transports: their listening ports are the node's ports ----------------------------------

    /**
     * Every transport, active or not, since each one listens: its ports join the watched ones at once, so that
     * a guard never lags behind a port the node opened. Bound before activation as well (DS binds dynamic
     * references once the constructor has run), which the core handles like any later arrival.
     */
    @Reference(name = "transport", service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeTransport", updated = "updatedTransport")
    void addTransport(Transport transport) {
        announce(transport);
    }

    /** A transport's service properties changed: it may listen elsewhere now. */
    void updatedTransport(Transport transport) {
        announce(transport);
    }

    void removeTransport(Transport transport) {
        core.withdraw(transport);
        log.info("guard rules: a transport left; the node's ports are now {}", core.rules().ports());
    }

    private void announce(Transport transport) {
        List<String> addresses;
        try {
            addresses = transport.listenAddresses();
        } catch (RuntimeException e) {
            log.warn("guard rules: transport {} could not say where it listens: {}", transport, e.getMessage());
            return;
        }
        core.announce(transport, ListenPorts.of(addresses));
        log.info("guard rules: transport listening on {}; the node's ports are now {}", addresses,
                core.rules().ports());
    }

    // --- GuardRuleBook: the core's ------------------------------------------------------------------------

    @Override
    public GuardRules rules() {
        return core.rules();
    }

    @Override
    public void setMode(GuardMode mode) {
        core.setMode(mode);
    }

    @Override
    public void allow(AddressPrefix prefix) {
        core.allow(prefix);
    }

    @Override
    public void deny(AddressPrefix prefix) {
        core.deny(prefix);
    }

    @Override
    public boolean remove(AddressPrefix prefix) {
        return core.remove(prefix);
    }

    @Override
    public void setPorts(Set<Integer> ports) {
        core.setPorts(ports);
    }

    @Override
    public void setRateLimit(long perSecond) {
        core.setRateLimit(perSecond);
    }

    // --- persistence ----------------------------------------------------------------------------------------

    private GuardRules readOrDefault(Map<String, Object> properties) {
        try {
            return RuleProperties.read(properties);
        } catch (IllegalArgumentException e) {
            log.error("etc/{}.cfg: {}; starting without rules", PID, e.getMessage());
            return RuleProperties.DEFAULT;
        }
    }

    private void persist(GuardRules rules) {
        try {
            Configuration configuration = configurationAdmin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            for (Map.Entry<String, Object> e : RuleProperties.write(rules).entrySet()) {
                properties.put(e.getKey(), e.getValue());
            }
            configuration.updateIfDifferent(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the guard rules", e);
        }
    }

    /** Every guard service, whichever is active: each gets the rules when it arrives and when it changes. */
    private final class GuardEvents implements ServiceTrackerCustomizer<Object, Guard> {
        @Override
        public Guard addingService(ServiceReference<Object> reference) {
            Object service = context.getService(reference);
            if (!(service instanceof Guard guard)) {
                if (service != null) {
                    context.ungetService(reference);
                }
                return null;
            }
            core.addGuard(guard);
            log.debug("guard {}: rules applied", reference.getProperty(ProviderProperties.PROVIDER));
            return guard;
        }

        @Override
        public void modifiedService(ServiceReference<Object> reference, Guard guard) {
            core.guardChanged(guard);
        }

        @Override
        public void removedService(ServiceReference<Object> reference, Guard guard) {
            core.removeGuard(guard);
            context.ungetService(reference);
        }
    }
}
