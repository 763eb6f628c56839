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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The rules and the guards they go to, without OSGi: every change is persisted first (a change that cannot be
 * stored is not made) and then applied to every known guard; a guard arriving gets the current rules at once.
 * A guard that fails to apply the rules is reported and does not keep the others from getting them.
 */
final class RuleBookCore implements GuardRuleBook {
    private final Consumer<GuardRules> persistence;
    private final BiConsumer<Guard, RuntimeException> failures;
    private final Map<Guard, Boolean> guards = new IdentityHashMap<>();
    private GuardRules rules;

    RuleBookCore(GuardRules initial, Consumer<GuardRules> persistence, BiConsumer<Guard, RuntimeException> failures) {
        this.rules = Objects.requireNonNull(initial);
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
    synchronized void configured(GuardRules configured) {
        if (!configured.equals(rules)) {
            rules = configured;
            applyAll();
        }
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
        if (!rules.allow().contains(prefix) && !rules.deny().contains(prefix)) {
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
        GuardRules next = edit.apply(rules);
        if (next.equals(rules)) {
            return;
        }
        persistence.accept(next);
        rules = next;
        applyAll();
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
