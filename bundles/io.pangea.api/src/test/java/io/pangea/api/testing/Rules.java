package io.pangea.api.testing;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Guard rules for the guard providers' tests, which share their cases:
 * {@code Rules.denyList(7000).deny("192.0.2.66").rate(10).build()}.
 */
public final class Rules {
    private final GuardMode mode;
    private final Set<Integer> ports;
    private Set<AddressPrefix> allow = Set.of();
    private Set<AddressPrefix> deny = Set.of();
    private long rate;

    private Rules(GuardMode mode, Integer... ports) {
        this.mode = mode;
        this.ports = Set.of(ports);
    }

    public static Rules denyList(Integer... ports) {
        return new Rules(GuardMode.DENY_LIST, ports);
    }

    public static Rules allowList(Integer... ports) {
        return new Rules(GuardMode.ALLOW_LIST, ports);
    }

    public Rules allow(String... prefixes) {
        allow = parse(prefixes);
        return this;
    }

    public Rules deny(String... prefixes) {
        deny = parse(prefixes);
        return this;
    }

    public Rules rate(long perSecond) {
        rate = perSecond;
        return this;
    }

    public GuardRules build() {
        return new GuardRules(mode, allow, deny, ports, rate);
    }

    private static Set<AddressPrefix> parse(String... prefixes) {
        return Arrays.stream(prefixes).map(AddressPrefix::parse).collect(Collectors.toSet());
    }
}
