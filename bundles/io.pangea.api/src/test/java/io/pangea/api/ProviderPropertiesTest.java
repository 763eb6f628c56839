package io.pangea.api;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderPropertiesTest {
    private static final Map<String, Object> COMPONENT = Map.of(
            ProviderProperties.CAPABILITY, "guard",
            ProviderProperties.PROVIDER, "xdp",
            ProviderProperties.CODEC, "guard-v1",
            ProviderProperties.REQUIRES, new String[] {"bpf.rights"},
            "service.ranking", 100,
            "component.name", "io.pangea.guard.xdp",
            "component.id", 7L,
            "interfaces", new String[] {"eth0"});

    @Test
    void keepsThePangeaPropertiesAndTheRankingOnly() {
        assertThat(ProviderProperties.serviceProperties(COMPONENT, Optional.empty()))
                .containsOnlyKeys(ProviderProperties.CAPABILITY, ProviderProperties.PROVIDER, ProviderProperties.CODEC,
                        ProviderProperties.REQUIRES, "service.ranking")
                .containsEntry(ProviderProperties.PROVIDER, "xdp")
                .containsEntry("service.ranking", 100);
    }

    @Test
    void addsTheReasonWhenTheProviderIsUnavailable() {
        assertThat(ProviderProperties.serviceProperties(COMPONENT, Optional.of("the kernel refused the program")))
                .containsEntry(ProviderProperties.UNAVAILABLE, "the kernel refused the program")
                .hasSize(6);
        assertThat(ProviderProperties.serviceProperties(Map.of(), Optional.empty())).isEmpty();
    }
}
