package io.pangea.shell.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRuleBook;
import io.pangea.api.guard.GuardRules;
import io.pangea.api.selection.NoProviderException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardCommandsTest {
    private final Output output = new Output();
    private final FakeRuleBook book = new FakeRuleBook();

    /** Keeps the rules in memory, as the rule book does (without storing them). */
    static final class FakeRuleBook implements GuardRuleBook {
        GuardMode mode = GuardMode.DENY_LIST;
        final Set<AddressPrefix> allow = new LinkedHashSet<>();
        final Set<AddressPrefix> deny = new LinkedHashSet<>();
        Set<Integer> ports = Set.of();
        long rate;

        @Override
        public GuardRules rules() {
            return new GuardRules(mode, allow, deny, ports, rate);
        }

        @Override
        public void setMode(GuardMode mode) {
            this.mode = mode;
        }

        @Override
        public void allow(AddressPrefix prefix) {
            deny.remove(prefix);
            allow.add(prefix);
        }

        @Override
        public void deny(AddressPrefix prefix) {
            allow.remove(prefix);
            deny.add(prefix);
        }

        @Override
        public boolean remove(AddressPrefix prefix) {
            return allow.remove(prefix) | deny.remove(prefix);
        }

        @Override
        public void setPorts(Set<Integer> ports) {
            this.ports = Set.copyOf(ports);
        }

        @Override
        public void setRateLimit(long perSecond) {
            this.rate = perSecond;
        }
    }

    /** Leases the guard under a provider name, or has no eligible guard provider when it is null. */
    private static LeasingSelector selector(Guard guard, String name) {
        LeasingSelector selector = new LeasingSelector().whenNone("no eligible guard provider: none is installed");
        return guard == null ? selector : selector.offer(Guard.class, guard, name, "guard-v1");
    }

    private static AddressPrefix p(String text) {
        return AddressPrefix.parse(text);
    }

    @Test
    void modeSetsTheMode() {
        GuardModeCommand command = new GuardModeCommand();
        command.rules = book;
        command.out = output.stream;
        command.mode = "Allow-List";
        command.execute();

        assertThat(book.mode).isEqualTo(GuardMode.ALLOW_LIST);
        assertThat(output.lines()).containsExactly("guard mode: allow-list");
    }

    @Test
    void anUnknownModeNamesTheKnownOnes() {
        GuardModeCommand command = new GuardModeCommand();
        command.rules = book;
        command.mode = "strict";

        assertThatThrownBy(command::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown guard mode 'strict'; known: allow-list, deny-list");
        assertThat(book.mode).isEqualTo(GuardMode.DENY_LIST);
    }

    @Test
    void allowDenyAndRemoveEditTheRules() {
        GuardAllowCommand allow = new GuardAllowCommand();
        allow.rules = book;
        allow.out = output.stream;
        allow.prefix = "198.51.100.7/24";
        allow.execute();
        GuardDenyCommand deny = new GuardDenyCommand();
        deny.rules = book;
        deny.out = output.stream;
        deny.prefix = "192.0.2.7";
        deny.execute();
        GuardRemoveCommand remove = new GuardRemoveCommand();
        remove.rules = book;
        remove.out = output.stream;
        remove.prefix = "198.51.100.0/24";
        remove.execute();

        assertThat(book.allow).isEmpty();
        assertThat(book.deny).containsExactly(p("192.0.2.7/32"));
        assertThat(output.lines()).containsExactly("allow: 198.51.100.0/24", "deny: 192.0.2.7/32",
                "removed: 198.51.100.0/24");
    }

    @Test
    void aMalformedPrefixIsRefusedClearly() {
        GuardDenyCommand deny = new GuardDenyCommand();
        deny.rules = book;
        deny.prefix = "example.org";

        assertThatThrownBy(deny::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not an IP address or prefix: 'example.org' (expected an address like 192.0.2.7 "
                        + "or a prefix like 198.51.100.0/24, 2001:db8::/32)");
        GuardAllowCommand allow = new GuardAllowCommand();
        allow.rules = book;
        allow.prefix = "10.0.0.0/33";
        assertThatThrownBy(allow::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("prefix length 33 is outside 0..32");
        assertThat(book.rules().deny()).isEmpty();
        assertThat(book.rules().allow()).isEmpty();
    }

    @Test
    void removingAnAbsentRuleSaysSo() {
        GuardRemoveCommand remove = new GuardRemoveCommand();
        remove.rules = book;
        remove.prefix = "10.0.0.0/8";

        assertThatThrownBy(remove::execute).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no allow or deny rule for 10.0.0.0/8 (see guard:list)");
    }

    @Test
    void withoutTheRuleBookTheCommandsSayWhichBundleIsMissing() {
        GuardListCommand list = new GuardListCommand();
        assertThatThrownBy(list::execute).isInstanceOf(IllegalStateException.class)
                .hasMessage("no guard rule book is running (is bundle io.pangea.guard.rules started?)");
    }

    @Test
    void listShowsModePortsRateAndBothTables() {
        book.mode = GuardMode.ALLOW_LIST;
        book.allow(p("198.51.100.0/24"));
        book.allow(p("2001:db8::/32"));
        book.deny(p("192.0.2.7"));
        book.setPorts(Set.of(4002, 4001));
        book.setRateLimit(500);
        GuardListCommand list = new GuardListCommand();
        list.rules = book;
        list.out = output.stream;
        list.execute();

        assertThat(output.lines()).startsWith("mode:  allow-list", "ports: 4001, 4002",
                "rate:  500 packets/s per source");
        assertThat(output.rows()).isEmpty(); // one-column tables have no separator
        assertThat(output.text()).contains("Allow", "198.51.100.0/24", "2001:db8:0:0:0:0:0:0/32", "Deny",
                "192.0.2.7/32");
        assertThat(output.text().indexOf("Deny")).isGreaterThan(output.text().indexOf("198.51.100.0/24"));
    }

    @Test
    void listOfNoRulesSaysSo() {
        GuardListCommand list = new GuardListCommand();
        list.rules = book;
        list.out = output.stream;
        list.execute();

        assertThat(output.lines()).startsWith("mode:  deny-list",
                "ports: none (set ports in etc/io.pangea.guard.rules.cfg; no traffic is guarded)", "rate:  no limit");
        assertThat(output.text()).contains("(none)");
    }

    @Test
    void statsShowTheActiveGuardsCountersAndReleaseTheLease() {
        Guard guard = new Guard() {
            @Override
            public void apply(GuardRules rules) {
            }

            @Override
            public GuardCounters counters() {
                return new GuardCounters(1200, 7, 3, 42);
            }
        };
        LeasingSelector selector = selector(guard, "userspace");
        GuardStatsCommand stats = new GuardStatsCommand();
        stats.selector = selector;
        stats.out = output.stream;
        stats.execute();

        assertThat(output.rows()).containsExactly(
                List.of("Provider", "Passed", "Denied", "Unknown", "Rate"),
                List.of("userspace", "1200", "7", "3", "42"));
        assertThat(selector.closed()).isEqualTo(1);
    }

    @Test
    void statsWithoutAGuardSayWhy() {
        GuardStatsCommand stats = new GuardStatsCommand();
        stats.selector = selector(null, null);
        assertThatThrownBy(stats::execute).isInstanceOf(NoProviderException.class)
                .hasMessage("no eligible guard provider: none is installed");
        GuardStatsCommand none = new GuardStatsCommand();
        assertThatThrownBy(none::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("io.pangea.selector");
    }
}
