package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;
import io.pangea.api.facts.Sizes;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The operator's configuration of the probe: {@code mask} forces facts to their absent value (false, 0,
 * "unknown") and {@code set.<fact>} forces a value, so that every fallback provider can be exercised on a
 * machine that has the feature. Applying them also derives {@value FactNames#BPF_RIGHTS} from the possibly
 * masked capabilities, so masking {@value FactNames#CAP_BPF} takes the eBPF rights away as well.
 */
final class FactOverrides {
    static final String PID = "io.pangea.probe";
    static final String MASK = "mask";
    static final String SET_PREFIX = "set.";

    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\s]+");

    private final Set<String> masks;
    private final Map<String, String> sets;
    private final List<String> warnings;

    private FactOverrides(Set<String> masks, Map<String, String> sets, List<String> warnings) {
        this.masks = masks;
        this.sets = sets;
        this.warnings = warnings;
    }

    static FactOverrides none() {
        return new FactOverrides(Set.of(), Map.of(), List.of());
    }

    /**
     * @param mask       the {@code mask} entries; each may itself be a comma-separated list, as a Karaf .cfg
     *                   file gives it
     * @param properties the component properties, where the {@code set.<fact>} entries are
     */
    static FactOverrides from(String[] mask, Map<String, ?> properties) {
        List<String> warnings = new ArrayList<>();
        Set<String> masks = new TreeSet<>();
        for (String entry : mask == null ? new String[0] : mask) {
            for (String name : LIST_SEPARATOR.split(entry == null ? "" : entry.trim())) {
                if (name.isEmpty()) {
                    continue;
                }
                if (FactCatalog.isKnown(name)) {
                    masks.add(name);
                } else {
                    warnings.add("configuration " + PID + ": " + MASK + " names unknown fact '" + name
                            + "', ignored (known facts: " + String.join(", ", FactCatalog.names()) + ")");
                }
            }
        }
        Map<String, String> sets = new TreeMap<>();
        for (Map.Entry<String, ?> property : new TreeMap<>(properties).entrySet()) {
            if (!property.getKey().startsWith(SET_PREFIX)) {
                continue;
            }
            String name = property.getKey().substring(SET_PREFIX.length());
            String problem = "configuration " + PID + ": " + property.getKey();
            if (!FactCatalog.isKnown(name)) {
                warnings.add(problem + " names unknown fact '" + name + "', ignored (known facts: "
                        + String.join(", ", FactCatalog.names()) + ")");
                continue;
            }
            String raw = single(property.getValue());
            String value = raw == null ? null : normalise(FactCatalog.kind(name), raw);
            if (value == null) {
                warnings.add(problem + " = '" + property.getValue() + "' is not a " + describe(FactCatalog.kind(name))
                        + ", ignored");
                continue;
            }
            if (masks.contains(name)) {
                warnings.add(problem + " and " + MASK + " both name " + name + "; the set value wins");
            }
            sets.put(name, value);
        }
        return new FactOverrides(Set.copyOf(masks), Map.copyOf(sets), List.copyOf(warnings));
    }

    /** Problems with the configuration, one line each, for the log. */
    List<String> warnings() {
        return warnings;
    }

    /** The read facts with the masks and set values applied and the derived facts added, sorted by name. */
    List<Fact> apply(Map<String, Fact> read) {
        Map<String, Fact> facts = new TreeMap<>();
        for (Fact fact : read.values()) {
            if (!fact.name().equals(FactNames.BPF_RIGHTS)) {
                facts.put(fact.name(), override(fact));
            }
        }
        facts.put(FactNames.BPF_RIGHTS, override(bpfRights(facts.get(FactNames.CAP_BPF),
                facts.get(FactNames.CAP_NET_ADMIN))));
        return List.copyOf(facts.values());
    }

    private Fact override(Fact read) {
        String name = read.name();
        String wasRead = "(read: " + read.value() + " — " + read.evidence() + ")";
        if (sets.containsKey(name)) {
            return new Fact(name, sets.get(name), "set by configuration " + PID + " " + SET_PREFIX + name + "="
                    + sets.get(name) + " " + wasRead, true);
        }
        if (masks.contains(name)) {
            return new Fact(name, FactCatalog.kind(name).absent, "masked by configuration " + PID + " " + wasRead,
                    true);
        }
        return read;
    }

    /** Loading and attaching eBPF programs takes both capabilities; masked when either input was forced. */
    private static Fact bpfRights(Fact capBpf, Fact capNetAdmin) {
        boolean holds = capBpf != null && capBpf.isTrue() && capNetAdmin != null && capNetAdmin.isTrue();
        boolean forced = capBpf != null && capBpf.masked() || capNetAdmin != null && capNetAdmin.masked();
        String evidence = operand(FactNames.CAP_BPF, capBpf) + " and " + operand(FactNames.CAP_NET_ADMIN, capNetAdmin);
        return new Fact(FactNames.BPF_RIGHTS, Boolean.toString(holds), evidence, forced);
    }

    private static String operand(String name, Fact fact) {
        if (fact == null) {
            return name + " unknown";
        }
        return name + " = " + fact.value() + (fact.masked() ? " (forced by configuration " + PID + ")" : "");
    }

    /** The one value of a property; ConfigAdmin may hand a single value as a one-element array or list. */
    private static String single(Object value) {
        if (value instanceof Collection<?> c) {
            return c.size() == 1 ? String.valueOf(c.iterator().next()) : null;
        }
        if (value != null && value.getClass().isArray()) {
            return Array.getLength(value) == 1 ? String.valueOf(Array.get(value, 0)) : null;
        }
        return value == null ? null : String.valueOf(value);
    }

    /** The canonical text of a forced value, or null when it does not fit the fact's kind. */
    static String normalise(FactCatalog.Kind kind, String raw) {
        String value = raw.trim();
        switch (kind) {
            case FLAG:
                return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                        ? value.toLowerCase(Locale.ROOT) : null;
            case NUMBER:
                OptionalLong bytes = Sizes.parse(value);
                return bytes.isPresent() ? Long.toString(bytes.getAsLong()) : null;
            default:
                return value.isEmpty() ? null : value;
        }
    }

    private static String describe(FactCatalog.Kind kind) {
        return switch (kind) {
            case FLAG -> "boolean (true or false)";
            case NUMBER -> "number (with an optional k, m, g or t suffix)";
            case TEXT -> "non-empty text";
        };
    }
}
