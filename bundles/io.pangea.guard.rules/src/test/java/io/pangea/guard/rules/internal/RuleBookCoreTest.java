package io.pangea.guard.rules.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBookCoreTest {
    private final List<GuardRules> stored = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final RuleBookCore book = new RuleBookCore(RuleProperties.DEFAULT, stored::add,
            (guard, e) -> failures.add(guard + ": " + e.getMessage()));

    /** Remembers every rule set it was given. */
    static final class FakeGuard implements Guard {
        final String name;
        final List<GuardRules> applied = new ArrayList<>();
        boolean broken;

        FakeGuard(String name) {
            this.name = name;
        }

        @Override
        public void apply(GuardRules rules) {
            if (broken) {
                throw new IllegalStateException("map full");
            }
            applied.add(rules);
        }

        @Override
        public GuardCounters counters() {
            return new GuardCounters(0, 0, 0, 0);
        }

        GuardRules last() {
            return applied.get(applied.size() - 1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static AddressPrefix p(String text) {
        return AddressPrefix.parse(text);
    }

    @Test
    void aGuardArrivingGetsTheCurrentRules() {
        book.deny(p("192.0.2.0/24"));
        FakeGuard xdp = new FakeGuard("xdp");
        book.addGuard(xdp);

        assertThat(xdp.applied).hasSize(1);
        assertThat(xdp.last().deny()).containsExactly(p("192.0.2.0/24"));
    }

    @Test
    void everyChangeGoesToEveryGuardAndIsStoredFirst() {
        FakeGuard userspace = new FakeGuard("userspace");
        FakeGuard xdp = new FakeGuard("xdp");
        book.addGuard(userspace);
        book.addGuard(xdp);

        book.setMode(GuardMode.ALLOW_LIST);
        book.allow(p("198.51.100.0/24"));
        book.setPorts(Set.of(4001));
        book.setRateLimit(500);

        GuardRules expected = new GuardRules(GuardMode.ALLOW_LIST, Set.of(p("198.51.100.0/24")), Set.of(),
                Set.of(4001), 500);
        assertThat(book.rules()).isEqualTo(expected);
        assertThat(userspace.last()).isEqualTo(expected);
        assertThat(xdp.last()).isEqualTo(expected);
        assertThat(stored).hasSize(4).last().isEqualTo(expected);
    }

    @Test
    void aSwapKeepsTheRules() {
        FakeGuard userspace = new FakeGuard("userspace");
        book.addGuard(userspace);
        book.deny(p("2001:db8::/32"));
        book.removeGuard(userspace);
        FakeGuard xdp = new FakeGuard("xdp");
        book.addGuard(xdp);

        assertThat(xdp.last().deny()).containsExactly(p("2001:db8::/32"));
        book.allow(p("192.0.2.1"));
        assertThat(userspace.applied).hasSize(2); // initial + deny, nothing after it left
    }

    @Test
    void allowAndDenyMoveAPrefixBetweenTheSetsAndRemoveTakesItFromEither() {
        book.allow(p("192.0.2.0/24"));
        book.deny(p("192.0.2.0/24"));
        assertThat(book.rules().allow()).isEmpty();
        assertThat(book.rules().deny()).containsExactly(p("192.0.2.0/24"));

        book.allow(p("10.0.0.0/8"));
        assertThat(book.remove(p("192.0.2.0/24"))).isTrue();
        assertThat(book.remove(p("10.0.0.0/8"))).isTrue();
        assertThat(book.remove(p("10.0.0.0/8"))).isFalse();
        assertThat(book.rules().allow()).isEmpty();
        assertThat(book.rules().deny()).isEmpty();
    }

    @Test
    void anUnchangedRuleIsNeitherStoredNorReapplied() {
        FakeGuard guard = new FakeGuard("userspace");
        book.addGuard(guard);
        book.setMode(GuardMode.DENY_LIST);
        book.setRateLimit(0);

        assertThat(stored).isEmpty();
        assertThat(guard.applied).hasSize(1);
    }

    @Test
    void aChangeThatCannotBeStoredIsNotMade() {
        RuleBookCore failing = new RuleBookCore(RuleProperties.DEFAULT,
                r -> { throw new UncheckedIOException("disk full", new java.io.IOException("disk full")); },
                (g, e) -> { });
        FakeGuard guard = new FakeGuard("userspace");
        failing.addGuard(guard);

        assertThatThrownBy(() -> failing.deny(p("192.0.2.1"))).isInstanceOf(UncheckedIOException.class);
        assertThat(failing.rules()).isEqualTo(RuleProperties.DEFAULT);
        assertThat(guard.applied).hasSize(1);
    }

    @Test
    void aBrokenGuardDoesNotKeepTheOthersFromTheRules() {
        FakeGuard broken = new FakeGuard("xdp");
        broken.broken = true;
        FakeGuard userspace = new FakeGuard("userspace");
        book.addGuard(broken);
        book.addGuard(userspace);
        book.deny(p("192.0.2.1"));

        assertThat(userspace.last().deny()).containsExactly(p("192.0.2.1/32"));
        assertThat(failures).containsExactly("xdp: map full", "xdp: map full");
    }

    @Test
    void aChangedGuardGetsTheRulesAgain() {
        FakeGuard guard = new FakeGuard("userspace");
        book.addGuard(guard);
        book.guardChanged(guard);
        book.guardChanged(new FakeGuard("unknown"));

        assertThat(guard.applied).hasSize(2);
        assertThat(book.guardCount()).isEqualTo(1);
    }

    @Test
    void editedConfigurationIsAppliedOnlyWhenNew() {
        FakeGuard guard = new FakeGuard("userspace");
        book.addGuard(guard);
        GuardRules edited = new GuardRules(GuardMode.ALLOW_LIST, Set.of(p("10.0.0.0/8")), Set.of(), Set.of(4001), 0);
        book.configured(edited);
        book.configured(edited);

        assertThat(guard.applied).hasSize(2);
        assertThat(guard.last()).isEqualTo(edited);
        assertThat(stored).isEmpty();
    }

    @Test
    void badPortsAndRatesAreRefusedClearly() {
        assertThatThrownBy(() -> book.setPorts(Set.of(0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port 0 is outside 1..65535");
        assertThatThrownBy(() -> book.setPorts(Set.of(70000))).hasMessage("port 70000 is outside 1..65535");
        assertThatThrownBy(() -> book.setRateLimit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate limit -1 is negative; 0 means no limit");
        assertThat(stored).isEmpty();
    }

    // --- the transports' ports ----------------------------------------------------------------------------

    @Test
    void transportsAddTheirPortsToTheConfiguredOnesWithoutStoringThem() {
        FakeGuard guard = new FakeGuard("xdp");
        book.addGuard(guard);
        book.setPorts(Set.of(9000));
        Object tcp = new Object();
        Object quic = new Object();

        book.announce(tcp, Set.of(4001));
        book.announce(quic, Set.of(4001, 4002));

        assertThat(book.rules().ports()).containsExactlyInAnyOrder(9000, 4001, 4002);
        assertThat(guard.last().ports()).containsExactlyInAnyOrder(9000, 4001, 4002);
        assertThat(book.configuredRules().ports()).containsExactly(9000);
        assertThat(stored).hasSize(1).last().extracting(GuardRules::ports).isEqualTo(Set.of(9000));
    }

    @Test
    void aTransportLeavingTakesAwayOnlyThePortsItAloneBrought() {
        FakeGuard guard = new FakeGuard("userspace");
        book.addGuard(guard);
        book.setPorts(Set.of(4001));
        Object tcp = new Object();
        Object quic = new Object();
        book.announce(tcp, Set.of(4001, 4003));
        book.announce(quic, Set.of(4002, 4003));

        book.withdraw(tcp);
        assertThat(book.rules().ports()).as("4001 configured, 4003 still QUIC's").containsExactlyInAnyOrder(4001, 4002, 4003);
        book.withdraw(quic);
        assertThat(book.rules().ports()).containsExactly(4001);
        assertThat(guard.last().ports()).containsExactly(4001);
        book.withdraw(quic);
        assertThat(guard.applied).as("initial, setPorts, tcp, quic, quic gone; tcp gone changed nothing")
                .hasSize(5);
    }

    @Test
    void equalTransportsAreStillTwo() {
        record SameTransport(String name) {
        }
        book.announce(new SameTransport("tcp"), Set.of(4001));
        SameTransport second = new SameTransport("tcp");
        book.announce(second, Set.of(4002));
        book.withdraw(second);
        assertThat(book.rules().ports()).containsExactly(4001);
    }

    @Test
    void aTransportMovingReplacesItsPorts() {
        Object tcp = new Object();
        book.announce(tcp, Set.of(4001));
        book.announce(tcp, Set.of(4101));
        assertThat(book.rules().ports()).containsExactly(4101);
    }

    @Test
    void rulesEditedLaterKeepTheTransportsPorts() {
        FakeGuard guard = new FakeGuard("xdp");
        book.addGuard(guard);
        book.announce(new Object(), Set.of(4001));
        book.deny(p("192.0.2.0/24"));
        book.configured(new GuardRules(GuardMode.ALLOW_LIST, Set.of(), Set.of(p("192.0.2.0/24")), Set.of(), 0));

        assertThat(guard.last()).isEqualTo(new GuardRules(GuardMode.ALLOW_LIST, Set.of(),
                Set.of(p("192.0.2.0/24")), Set.of(4001), 0));
        assertThat(stored).allSatisfy(r -> assertThat(r.ports()).isEmpty());
    }

    @Test
    void aLateNoticeOfAnOwnWriteDoesNotUndoLaterChanges() {
        FakeGuard guard = new FakeGuard("xdp");
        book.addGuard(guard);
        book.setMode(GuardMode.ALLOW_LIST);
        book.allow(p("198.51.100.10"));
        book.setPorts(Set.of(7000));
        // the notice of the first write arrives now; what is stored now is the last write
        book.configured(() -> stored.get(stored.size() - 1));

        GuardRules expected = new GuardRules(GuardMode.ALLOW_LIST, Set.of(p("198.51.100.10")), Set.of(), Set.of(7000), 0);
        assertThat(book.rules()).isEqualTo(expected);
        assertThat(guard.applied).hasSize(4).last().isEqualTo(expected);
    }
}
