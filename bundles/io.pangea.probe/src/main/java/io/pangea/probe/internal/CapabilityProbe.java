package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the machine at activation and publishes the facts. A configuration change (a mask, a forced value)
 * applies in place: the service stays registered and its properties change, so the selector re-evaluates every
 * provider against the new facts without ever seeing a moment with no facts at all (which would make every
 * provider with a requirement flap to its fallback and back).
 */
@Component(name = FactOverrides.PID, configurationPid = FactOverrides.PID, service = HardwareFacts.class,
        immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ProbeConfiguration.class)
public final class CapabilityProbe implements HardwareFacts {
    private final MachineProbe machine;
    private final Optional<Logger> log;
    private volatile ProbedFacts facts;

    /**
     * @param logger optional: the facts matter more than the log, so a missing log service must not keep
     *               them from being published
     */
    @Activate
    public CapabilityProbe(ProbeConfiguration configuration, Map<String, Object> properties,
            @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
            Logger logger) {
        this(MachineProbe.ofThisMachine(), FactOverrides.from(configuration.mask(), properties), logger);
    }

    CapabilityProbe(MachineProbe machine, FactOverrides overrides, Logger logger) {
        this.machine = machine;
        this.log = Optional.ofNullable(logger);
        publish(overrides);
    }

    @Modified
    void modified(ProbeConfiguration configuration, Map<String, Object> properties) {
        publish(FactOverrides.from(configuration.mask(), properties));
    }

    private void publish(FactOverrides overrides) {
        overrides.warnings().forEach(warning -> log.ifPresent(l -> l.warn("{}", warning)));
        ProbedFacts facts = new ProbedFacts(overrides.apply(machine.read()));
        this.facts = facts;
        log.ifPresent(l -> {
            List<String> masked = facts.all().stream().filter(Fact::masked).map(Fact::name).toList();
            l.info("capability probe read {} facts; masked by configuration {}: {}", facts.all().size(),
                    FactOverrides.PID, masked.isEmpty() ? "none" : String.join(", ", masked));
            if (l.isDebugEnabled()) {
                l.debug("{}", facts.all().stream().map(f -> f.name() + " = " + f.value() + " [" + f.evidence() + "]")
                        .collect(Collectors.joining("\n", "hardware facts:\n", "")));
            }
        });
    }

    @Override
    public List<Fact> all() {
        return facts.all();
    }

    @Override
    public Optional<Fact> get(String name) {
        return facts.get(name);
    }

    @Override
    public String toString() {
        return "CapabilityProbe" + facts;
    }
}
