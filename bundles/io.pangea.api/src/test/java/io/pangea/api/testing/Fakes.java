package io.pangea.api.testing;

import io.pangea.api.Capability;
import io.pangea.api.facts.Fact;
import io.pangea.api.facts.HardwareFacts;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Hand-written services for the unit tests of consumers of the API (shell, web console): a fixed set of facts
 * and a selector that keeps its providers in a map. Shipped as the API module's test jar.
 */
public final class Fakes {

    private Fakes() {
    }

    public static HardwareFacts facts(Fact... facts) {
        return new HardwareFacts() {
            @Override
            public List<Fact> all() {
                return List.of(facts);
            }

            @Override
            public Optional<Fact> get(String name) {
                return all().stream().filter(f -> f.name().equals(name)).findFirst();
            }
        };
    }

    public static ProviderStatus provider(Capability capability, String name, int ranking, boolean active, String... reasons) {
        return new ProviderStatus(capability, name, capability.id() + "-codec", ranking, List.of(),
                reasons.length == 0, active, List.of(reasons), "io.pangea." + capability.id() + "." + name);
    }

    /** Providers per capability, best first; select() moves the active mark as the real selector would. */
    public static final class Selector implements ProviderSelector {
        public final Map<Capability, List<ProviderStatus>> providers = new EnumMap<>(Capability.class);
        public final Map<Capability, String> overrides = new EnumMap<>(Capability.class);

        public Selector with(ProviderStatus... statuses) {
            for (ProviderStatus s : statuses) {
                providers.computeIfAbsent(s.capability(), c -> new ArrayList<>()).add(s);
            }
            return this;
        }

        @Override
        public List<ProviderStatus> providers(Capability capability) {
            return List.copyOf(providers.getOrDefault(capability, List.of()));
        }

        @Override
        public Optional<ProviderStatus> active(Capability capability) {
            return providers(capability).stream().filter(ProviderStatus::active).findFirst();
        }

        @Override
        public Optional<String> override(Capability capability) {
            return Optional.ofNullable(overrides.get(capability));
        }

        @Override
        public void select(Capability capability, String provider) {
            List<ProviderStatus> list = providers(capability);
            String chosen;
            if (AUTO.equals(provider)) {
                overrides.remove(capability);
                chosen = list.stream().filter(ProviderStatus::eligible).map(ProviderStatus::provider).findFirst()
                        .orElse(null);
            } else {
                ProviderStatus named = list.stream().filter(s -> s.provider().equals(provider)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no provider '" + provider + "' of "
                                + capability.id() + "; registered: "
                                + list.stream().map(ProviderStatus::provider).collect(Collectors.joining(", "))));
                if (!named.eligible()) {
                    throw new IllegalArgumentException(provider + " is not eligible: " + named.reasons());
                }
                overrides.put(capability, provider);
                chosen = provider;
            }
            providers.put(capability, list.stream()
                    .map(s -> new ProviderStatus(s.capability(), s.provider(), s.codec(), s.ranking(), s.requires(),
                            s.eligible(), s.provider().equals(chosen), s.reasons(), s.bundle()))
                    .collect(Collectors.toCollection(ArrayList::new)));
        }

        @Override
        public <T> Lease<T> lease(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Lease<T> lease(Class<T> type, String codec) {
            throw new UnsupportedOperationException();
        }
    }
}
