package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable set of facts, sorted by name. */
final class ProbedFacts implements HardwareFacts {
    private final List<Fact> all;
    private final Map<String, Fact> byName;

    ProbedFacts(Collection<Fact> facts) {
        this.all = facts.stream().sorted(Comparator.comparing(Fact::name)).toList();
        Map<String, Fact> index = new LinkedHashMap<>();
        for (Fact fact : all) {
            if (index.putIfAbsent(fact.name(), fact) != null) {
                throw new IllegalArgumentException("two facts named " + fact.name());
            }
        }
        this.byName = index;
    }

    @Override
    public List<Fact> all() {
        return all;
    }

    @Override
    public Optional<Fact> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public String toString() {
        return all.toString();
    }
}
