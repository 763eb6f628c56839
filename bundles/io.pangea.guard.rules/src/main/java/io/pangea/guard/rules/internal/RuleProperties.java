package io.pangea.guard.rules.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Guard rules as configuration properties and back. Every value is written as one plain string (lists
 * comma-separated), so that {@code etc/io.pangea.guard.rules.cfg} stays readable and editable by hand:
 * <pre>
 * mode = deny-list
 * allow = 198.51.100.0/24
 * deny = 192.0.2.7/32, 2001:db8::/32
 * ports = 4001
 * rate = 0
 * </pre>
 * Reading also accepts arrays and collections, as typed configurations hold them.
 */
final class RuleProperties {
    static final String MODE = "mode";
    static final String ALLOW = "allow";
    static final String DENY = "deny";
    static final String PORTS = "ports";
    static final String RATE = "rate";

    /** No rule, deny-list mode (everything passes), no port (no traffic is touched), no rate limit. */
    static final GuardRules DEFAULT = new GuardRules(GuardMode.DENY_LIST, Set.of(), Set.of(), Set.of(), 0);

    private RuleProperties() {
    }

    static Map<String, Object> write(GuardRules rules) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(MODE, modeName(rules.mode()));
        properties.put(ALLOW, prefixes(rules.allow()));
        properties.put(DENY, prefixes(rules.deny()));
        properties.put(PORTS, new TreeSet<>(rules.ports()).stream().map(String::valueOf)
                .collect(Collectors.joining(", ")));
        properties.put(RATE, String.valueOf(rules.rateLimitPerSecond()));
        return properties;
    }

    /**
     * Reads the rules from configuration properties; an absent property keeps its default.
     *
     * @throws IllegalArgumentException naming the property and the value that is wrong
     */
    static GuardRules read(Map<String, ?> properties) {
        GuardMode mode = properties.get(MODE) == null ? DEFAULT.mode() : parseMode(String.valueOf(properties.get(MODE)));
        Set<AddressPrefix> allow = new LinkedHashSet<>();
        for (String s : strings(properties.get(ALLOW))) {
            allow.add(prefix(ALLOW, s));
        }
        Set<AddressPrefix> deny = new LinkedHashSet<>();
        for (String s : strings(properties.get(DENY))) {
            deny.add(prefix(DENY, s));
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (String s : strings(properties.get(PORTS))) {
            int port;
            try {
                port = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORTS + ": not a port number: '" + s + "'");
            }
            ports.add(checkPort(port));
        }
        long rate = DEFAULT.rateLimitPerSecond();
        Object rawRate = properties.get(RATE);
        if (rawRate != null && !String.valueOf(rawRate).isBlank()) {
            try {
                rate = checkRate(Long.parseLong(String.valueOf(rawRate).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(RATE + ": not a number of packets per second: '" + rawRate + "'");
            }
        }
        return new GuardRules(mode, allow, deny, ports, rate);
    }

    static GuardMode parseMode(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (s) {
            case "allow-list" -> GuardMode.ALLOW_LIST;
            case "deny-list" -> GuardMode.DENY_LIST;
            default -> throw new IllegalArgumentException(
                    "unknown guard mode '" + text + "'; known: allow-list, deny-list");
        };
    }

    static String modeName(GuardMode mode) {
        return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        return port;
    }

    static long checkRate(long rate) {
        if (rate < 0) {
            throw new IllegalArgumentException("rate limit " + rate + " is negative; 0 means no limit");
        }
        return rate;
    }

    private static AddressPrefix prefix(String property, String text) {
        try {
            return AddressPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    private static String prefixes(Set<AddressPrefix> prefixes) {
        return prefixes.stream().map(AddressPrefix::toString).sorted(Comparator.naturalOrder())
                .collect(Collectors.joining(", "));
    }

    private static List<String> strings(Object value) {
        List<String> raw = new ArrayList<>();
        if (value == null) {
            return raw;
        } else if (value instanceof Object[] array) {
            Arrays.stream(array).map(String::valueOf).forEach(raw::add);
        } else if (value instanceof int[] array) {
            Arrays.stream(array).mapToObj(String::valueOf).forEach(raw::add);
        } else if (value instanceof long[] array) {
            Arrays.stream(array).mapToObj(String::valueOf).forEach(raw::add);
        } else if (value instanceof Collection<?> collection) {
            collection.stream().map(String::valueOf).forEach(raw::add);
        } else {
            raw.add(String.valueOf(value));
        }
        List<String> result = new ArrayList<>();
        for (String s : raw) {
            for (String part : s.split("[,\\s]+")) {
                if (!part.isBlank()) {
                    result.add(part.trim());
                }
            }
        }
        return result;
    }
}
