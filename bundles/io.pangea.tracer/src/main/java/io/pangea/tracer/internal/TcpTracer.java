package io.pangea.tracer.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricSource;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.BpfException;
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
import java.util.Optional;

/**
 * The always-on TCP observer: loads and attaches the tracer program at activation and reports its counters at
 * every scrape. It is no capability provider (nothing selects between tracers), so it registers a
 * {@link MetricSource} whether or not it runs: when it cannot — eBPF not allowed, the kernel refuses the program,
 * turned off — it logs one line and its metrics say {@code pangea_tracer_up{reason="..."} 0}. Activation never
 * throws. A changed configuration reactivates it, which reloads the program; deactivation detaches it.
 */
@Component(name = TcpTracer.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = MetricSource.class)
@Designate(ocd = TracerConfiguration.class)
public class TcpTracer implements MetricSource {
    static final String PID = "io.pangea.tracer";

    /** Why the tracer does not run: a short reason for the metric label, and the whole story for the log. */
    record Unavailable(String reason, String detail) {
    }

    private final TracerProgram program;
    private final Unavailable unavailable;
    private final int topRemotes;

    /** @param logger optional: a missing log service must not keep the tracer from running */
    @Activate
    public TcpTracer(TracerConfiguration configuration,
            @Reference(name = "logger", service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL)
            Logger logger) {
        topRemotes = configuration.topRemotes();
        TracerProgram started = null;
        Unavailable why;
        try {
            started = start(configuration);
            why = null;
        } catch (Refused refused) {
            why = refused.unavailable;
        }
        program = started;
        unavailable = why;
        Optional<Logger> log = Optional.ofNullable(logger);
        if (unavailable != null) {
            log.ifPresent(l -> l.warn("the TCP tracer is not running ({}): {}", unavailable.reason(),
                    unavailable.detail()));
        } else {
            log.ifPresent(l -> l.info("the TCP tracer is attached ({} tracepoints, {})", TracerProgram.PROGRAMS.size(),
                    configuration.ports().length == 0 ? "every TCP socket"
                            : "local ports " + java.util.Arrays.toString(configuration.ports())));
        }
    }

    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Unavailable unavailable;

        Refused(String reason, String detail) {
            super(detail, null, false, false);
            unavailable = new Unavailable(reason, detail);
        }
    }

    private static TracerProgram start(TracerConfiguration configuration) throws Refused {
        if (!configuration.enabled()) {
            throw new Refused("disabled", "enabled=false in etc/" + PID + ".cfg");
        }
        if (configuration.topRemotes() < 0 || configuration.topRemotes() > TracerMetrics.MAX_TOP_REMOTES) {
            throw new Refused("configuration", "topRemotes must be 0 to " + TracerMetrics.MAX_TOP_REMOTES
                    + ", not " + configuration.topRemotes() + " (etc/" + PID + ".cfg)");
        }
        TracerProgram.Settings settings;
        try {
            settings = new TracerProgram.Settings(configuration.ports(), configuration.remoteTable());
        } catch (IllegalArgumentException e) {
            throw new Refused("configuration", e.getMessage() + " (etc/" + PID + ".cfg)");
        }
        Optional<String> binding = Bpf.unavailable();
        if (binding.isPresent()) {
            throw new Refused("binding_unavailable", binding.get());
        }
        try {
            return TracerProgram.start(settings);
        } catch (BpfException e) {
            // EPERM: no CAP_BPF/CAP_PERFMON (or root); what else the kernel refused, libbpf's log says.
            throw new Refused(e.errno() == 1 ? "not_permitted" : "load_failed", String.valueOf(e.getMessage()));
        } catch (Exception | LinkageError e) {
            throw new Refused("load_failed", String.valueOf(e.getMessage()));
        }
    }

    /** Why the tracer is not running, or empty when it is. */
    Optional<Unavailable> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** Reads the maps at every scrape: a few dozen map lookups, plus one per remembered remote end. */
    @Override
    public synchronized List<MetricFamily> collect() {
        if (program == null) {
            return TracerMetrics.unavailable(unavailable.reason());
        }
        if (!program.attached()) {
            return TracerMetrics.unavailable("stopped");
        }
        return TracerMetrics.running(program.counters(), program.remotes(), topRemotes);
    }

    /** For the tests: the counters now, when running. */
    synchronized Optional<TcpCounters> counters() {
        return program == null || !program.attached() ? Optional.empty() : Optional.of(program.counters());
    }

    @Deactivate
    synchronized void deactivate() {
        if (program != null) {
            program.close();
        }
    }
}
