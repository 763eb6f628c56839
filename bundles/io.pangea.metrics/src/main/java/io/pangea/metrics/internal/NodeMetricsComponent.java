package io.pangea.metrics.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricSource;
import io.pangea.api.metrics.NodeMetrics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scrapes every {@link MetricSource} of the framework into one sorted list. Sources come and go with their bundles
 * (the kernel tracer, a transport) so the reference is dynamic; a broken source must never cost the others their
 * figures, hence the per-source isolation.
 */
@Component(name = NodeMetricsComponent.NAME, service = NodeMetrics.class)
public class NodeMetricsComponent implements NodeMetrics {
    static final String NAME = "io.pangea.metrics.node";

    private final Logger log;

    /**
     * Keyed by service id, which grows with every registration: when two sources disagree about a family, the one
     * registered first keeps it, whatever order the framework happens to bind them in.
     */
    private final ConcurrentSkipListMap<Long, Source> sources = new ConcurrentSkipListMap<>();

    /** The conflicts of the previous scrape, so that each is logged once and again only after it went away. */
    private Set<String> knownConflicts = Set.of();

    @Activate
    public NodeMetricsComponent(@Reference(name = "log", service = LoggerFactory.class) Logger log) {
        this.log = log;
    }

    @Reference(name = "sources", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSource(MetricSource source, Map<String, Object> properties) {
        long id = serviceId(properties);
        Object component = properties.get("component.name");
        String label = component != null ? component + " (service " + id + ")" : "service " + id;
        sources.put(id, new Source(label, source));
    }

    void removeSource(MetricSource source, Map<String, Object> properties) {
        sources.remove(serviceId(properties));
    }

    @Override
    public List<MetricFamily> scrape() {
        Map<String, MetricFamily> byName = new TreeMap<>();
        Map<String, String> origin = new HashMap<>();
        Map<String, Set<Map<String, String>>> series = new HashMap<>();
        Set<String> conflicts = new LinkedHashSet<>();
        for (Source source : sources.values()) {
            for (MetricFamily family : source.collect(log)) {
                MetricFamily known = byName.get(family.name());
                Set<Map<String, String>> labelSets = series.computeIfAbsent(family.name(), n -> new HashSet<>());
                if (known == null) {
                    byName.put(family.name(), distinct(family, labelSets, source, conflicts));
                    origin.put(family.name(), source.label);
                } else if (known.type() != family.type()) {
                    conflicts.add(family.name() + " from " + source.label + " is a " + family.type().word()
                            + " but " + origin.get(family.name()) + " reports it as a " + known.type().word()
                            + "; the later one is dropped");
                } else {
                    MetricFamily added = distinct(family, labelSets, source, conflicts);
                    List<MetricFamily.Sample> samples = new ArrayList<>(known.samples());
                    samples.addAll(added.samples());
                    byName.put(family.name(), new MetricFamily(family.name(),
                            known.help().isEmpty() ? family.help() : known.help(), known.type(), samples));
                }
            }
        }
        reportNew(conflicts);
        return List.copyOf(byName.values());
    }

    @Override
    public String prometheusText() {
        return PrometheusText.render(scrape());
    }

    /** The family without the series already reported: Prometheus rejects a scrape with a series twice. */
    private static MetricFamily distinct(MetricFamily family, Set<Map<String, String>> labelSets, Source source,
                                         Set<String> conflicts) {
        List<MetricFamily.Sample> kept = new ArrayList<>(family.samples().size());
        for (MetricFamily.Sample sample : family.samples()) {
            if (labelSets.add(sample.labels())) {
                kept.add(sample);
            } else {
                conflicts.add(family.name() + sample.labels() + " from " + source.label
                        + " repeats a series already reported; the later one is dropped");
            }
        }
        return kept.size() == family.samples().size() ? family
                : new MetricFamily(family.name(), family.help(), family.type(), kept);
    }

    private void reportNew(Set<String> conflicts) {
        Set<String> fresh;
        synchronized (this) {
            fresh = new LinkedHashSet<>(conflicts);
            fresh.removeAll(knownConflicts);
            knownConflicts = Set.copyOf(conflicts);
        }
        fresh.forEach(conflict -> log.warn("metrics: {}", conflict));
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get("service.id")).longValue();
    }

    /** One registered source and whether it is failing now, so a failure streak is logged once, not per scrape. */
    private static final class Source {
        final String label;
        final MetricSource delegate;
        final AtomicBoolean failing = new AtomicBoolean();

        Source(String label, MetricSource delegate) {
            this.label = label;
            this.delegate = delegate;
        }

        List<MetricFamily> collect(Logger log) {
            try {
                List<MetricFamily> families = delegate.collect();
                if (failing.compareAndSet(true, false)) {
                    log.info("metric source {} recovered", label);
                }
                return families == null ? List.of() : families;
            } catch (RuntimeException | LinkageError e) {
                // LinkageError too: a source whose bundle is being uninstalled fails to load its classes.
                if (failing.compareAndSet(false, true)) {
                    log.warn("metric source {} failed; it is left out of the scrapes until it recovers", label, e);
                }
                return List.of();
            }
        }
    }
}
