package io.pangea.guard.rules.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRuleBook;
import io.pangea.api.guard.GuardRules;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The rules and the guards they go to, without OSGi: every change is persisted first (a change that cannot be
 * stored is not made) and then applied to every known guard; a guard arriving gets the current rules at once.
 * A guard that fails to apply the rules is reported and does not keep the others from getting them.
 *
 * <p>Two sources of ports: the operator's (configured, persisted) and the ports the node's transports listen on
 * (announced, never persisted: they come back with the transports). The rules in force carry both; a transport
 * leaving takes away only the ports no one else brought.
 */
final class RuleBookCore implements GuardRuleBook {
    private final Consumer<GuardRules> persistence;
    private final BiConsumer<Guard, RuntimeException> failures;
    private final Map<Guard, Boolean> guards = new IdentityHashMap<>();
    /** Keyed by identity: two transports may well be equal objects yet each takes only its own ports away. */
    private final Map<Object, Set<Integer>> announced = new IdentityHashMap<>();
    /** What the operator set, as persisted. */
    private GuardRules configured;
    /** What the guards enforce: the configured rules with the announced ports added. */
    private GuardRules rules;

    RuleBookCore(GuardRules initial, Consumer<GuardRules> persistence, BiConsumer<Guard, RuntimeException> failures) {
        this.configured = Objects.requireNonNull(initial);
        this.rules = initial;
        this.persistence = persistence;
        this.failures = failures;
    }

    // --- guards ---------------------------------------------------------------------------------------------

    synchronized void addGuard(Guard guard) {
        guards.put(guard, Boolean.TRUE);
        apply(guard, rules);
    }

    /** A guard's service properties changed (it may have become active): it gets the rules again. */
    synchronized void guardChanged(Guard guard) {
        if (guards.containsKey(guard)) {
            apply(guard, rules);
        }
    }

    synchronized void removeGuard(Guard guard) {
        guards.remove(guard);
    }

    synchronized int guardCount() {
        return guards.size();
    }

    /** The configuration changed from outside (the cfg file edited): the rules read from it, applied if new. */
    synchronized void configured(GuardRules edited) {
        configured = Objects.requireNonNull(edited);
        enforce();
    }

    /**
     * The configuration changed, by this book or from outside: {@code stored} reads what is stored now, under the
     * same lock as every change is stored under. A notice of the book's own writes arrives late, after later
     * changes may have been made; taking the rules it carried would undo those changes for a while, whereas what
     * is stored now is always the latest.
     */
    synchronized void configured(Supplier<GuardRules> stored) {
        configured(stored.get());
    }

    // --- transports -----------------------------------------------------------------------------------------

    /** A transport listens on {@code ports} (all of them, replacing what it announced before). */
    synchronized void announce(Object transport, Set<Integer> ports) {
        Set<Integer> checked = new TreeSet<>();
        for (Integer port : ports) {
            checked.add(RuleProperties.checkPort(port));
        }
        announced.put(Objects.requireNonNull(transport, "transport"), checked);
        enforce();
    }

    /** A transport left: the ports only it brought are no longer watched. */
    synchronized void withdraw(Object transport) {
        if (announced.remove(transport) != null) {
            enforce();
        }
    }

    /** The rules as the operator set them, without the transports' ports. */
    synchronized GuardRules configuredRules() {
        return configured;
    }

    // --- GuardRuleBook --------------------------------------------------------------------------------------

    @Override
    public synchronized GuardRules rules() {
        return rules;
    }

    @Override
    public void setMode(GuardMode mode) {
        Objects.requireNonNull(mode, "mode");
        change(r -> new GuardRules(mode, r.allow(), r.deny(), r.ports(), r.rateLimitPerSecond()));
    }

    @Override
    public void allow(AddressPrefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        change(r -> new GuardRules(r.mode(), plus(r.allow(), prefix), minus(r.deny(), prefix), r.ports(),
                r.rateLimitPerSecond()));
    }

    @Override
    public void deny(AddressPrefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        change(r -> new GuardRules(r.mode(), minus(r.allow(), prefix), plus(r.deny(), prefix), r.ports(),
                r.rateLimitPerSecond()));
    }

    @Override
    public synchronized boolean remove(AddressPrefix prefix) {
        if (!configured.allow().contains(prefix) && !configured.deny().contains(prefix)) {
            return false;
        }
        change(r -> new GuardRules(r.mode(), minus(r.allow(), prefix), minus(r.deny(), prefix), r.ports(),
                r.rateLimitPerSecond()));
        return true;
    }

    @Override
    public void setPorts(Set<Integer> ports) {
        Set<Integer> checked = new LinkedHashSet<>();
        for (Integer port : Objects.requireNonNull(ports, "ports")) {
            checked.add(RuleProperties.checkPort(Objects.requireNonNull(port, "port")));
        }
        change(r -> new GuardRules(r.mode(), r.allow(), r.deny(), checked, r.rateLimitPerSecond()));
    }

    @Override
    public void setRateLimit(long perSecond) {
        RuleProperties.checkRate(perSecond);
        change(r -> new GuardRules(r.mode(), r.allow(), r.deny(), r.ports(), perSecond));
    }

    // --- internals ------------------------------------------------------------------------------------------

    private synchronized void change(UnaryOperator<GuardRules> edit) {
        GuardRules next = edit.apply(configured);
        if (next.equals(configured)) {
            return;
        }
        persistence.accept(next);
        configured = next;
        enforce();
    }

    /** The rules in force from the configured ones and the announced ports; applied when they differ. */
    private void enforce() {
        Set<Integer> ports = new TreeSet<>(configured.ports());
        announced.values().forEach(ports::addAll);
        GuardRules next = new GuardRules(configured.mode(), configured.allow(), configured.deny(), ports,
                configured.rateLimitPerSecond());
        if (!next.equals(rules)) {
            rules = next;
            applyAll();
        }
    }

    private void applyAll() {
        for (Guard guard : new ArrayList<>(guards.keySet())) {
            apply(guard, rules);
        }
    }

    private void apply(Guard guard, GuardRules current) {
        try {
            guard.apply(current);
        } catch (RuntimeException e) {
            failures.accept(guard, e);
        }
    }

    private static Set<AddressPrefix> plus(Set<AddressPrefix> set, AddressPrefix prefix) {
        Set<AddressPrefix> result = new LinkedHashSet<>(set);
        result.add(prefix);
        return result;
    }

    private static Set<AddressPrefix> minus(Set<AddressPrefix> set, AddressPrefix prefix) {
        Set<AddressPrefix> result = new LinkedHashSet<>(set);
        result.remove(prefix);
        return result;
    }
}
