package io.pangea.guard.rules.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulePropertiesTest {

    private static AddressPrefix p(String text) {
        return AddressPrefix.parse(text);
    }

    @Test
    void noPropertiesMeanTheDefaults() {
        GuardRules rules = RuleProperties.read(Map.of());
        assertThat(rules).isEqualTo(RuleProperties.DEFAULT);
        assertThat(rules.ports()).isEmpty();
        assertThat(rules.mode()).isEqualTo(GuardMode.DENY_LIST);
    }

    @Test
    void writtenRulesReadBackTheSame() {
        GuardRules rules = new GuardRules(GuardMode.ALLOW_LIST, Set.of(p("198.51.100.0/24"), p("2001:db8::/32")),
                Set.of(p("192.0.2.7")), Set.of(4002, 4001), 1000);
        Map<String, Object> properties = RuleProperties.write(rules);

        assertThat(properties).containsEntry("mode", "allow-list")
                .containsEntry("allow", "198.51.100.0/24, 2001:db8:0:0:0:0:0:0/32")
                .containsEntry("deny", "192.0.2.7/32")
                .containsEntry("ports", "4001, 4002")
                .containsEntry("rate", "1000");
        assertThat(RuleProperties.read(properties)).isEqualTo(rules);
    }

    @Test
    void typedValuesAreReadToo() {
        GuardRules rules = RuleProperties.read(Map.of("mode", "DENY_LIST", "deny", new String[]{"192.0.2.1", "10.0.0.0/8"},
                "ports", new int[]{4001}, "allow", List.of("198.51.100.0/24"), "rate", 7L));
        assertThat(rules.deny()).containsExactlyInAnyOrder(p("192.0.2.1"), p("10.0.0.0/8"));
        assertThat(rules.allow()).containsExactly(p("198.51.100.0/24"));
        assertThat(rules.ports()).containsExactly(4001);
        assertThat(rules.rateLimitPerSecond()).isEqualTo(7);
    }

    @Test
    void badValuesNameTheProperty() {
        assertThatThrownBy(() -> RuleProperties.read(Map.of("deny", "192.0.2.1, example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deny: not an IP address or prefix: 'example.org'");
        assertThatThrownBy(() -> RuleProperties.read(Map.of("ports", "http")))
                .hasMessage("ports: not a port number: 'http'");
        assertThatThrownBy(() -> RuleProperties.read(Map.of("rate", "fast")))
                .hasMessage("rate: not a number of packets per second: 'fast'");
        assertThatThrownBy(() -> RuleProperties.read(Map.of("mode", "strict")))
                .hasMessage("unknown guard mode 'strict'; known: allow-list, deny-list");
    }
}
