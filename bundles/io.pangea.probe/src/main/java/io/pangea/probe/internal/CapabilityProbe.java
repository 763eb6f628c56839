package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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
 * Reads the machine once at activation and publishes the facts. There is deliberately no modified method: a
 * configuration change reactivates the component, so {@link HardwareFacts} is registered anew and the selector
 * re-evaluates every provider against the new facts.
 */
@Component(name = FactOverrides.PID, configurationPid = FactOverrides.PID, service = HardwareFacts.class,
        immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ProbeConfiguration.class)
public final class CapabilityProbe implements HardwareFacts {
    private final ProbedFacts facts;

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
        Optional<Logger> log = Optional.ofNullable(logger);
        overrides.warnings().forEach(warning -> log.ifPresent(l -> l.warn("{}", warning)));
        this.facts = new ProbedFacts(overrides.apply(machine.read()));
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
