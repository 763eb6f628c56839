package io.pangea.guard.userspace.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.guard.GuardCounters;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The XDP guard's verdict cases (GuardVerdictTest), made for connections: the same rules mean the same. */
class GuardPolicyTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private UserspaceGuard guard = new UserspaceGuard(65536, true, clock::get);

    private boolean admit(String source, int port) {
        return guard.admits(new java.net.InetSocketAddress(address(source), 40000), port);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void withoutRulesEverythingPassesUncounted() {
        assertThat(admit("192.0.2.66", 7000)).isTrue();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(0, 0, 0, 0));
    }

    @Test
    void deniedSourceIsRefusedAtTheNodesPortsOnly() {
        guard.apply(Rules.denyList(7000, 7002).deny("192.0.2.66").build());
        assertThat(admit("192.0.2.66", 7000)).isFalse();
        assertThat(admit("192.0.2.66", 7002)).isFalse();
        assertThat(admit("192.0.2.66", 7001)).isTrue();
        assertThat(admit("192.0.2.66", 22)).isTrue();
        assertThat(admit("192.0.2.66", 0)).as("no port").isTrue();
        assertThat(admit("192.0.2.66", 70000)).as("not a port").isTrue();
        assertThat(admit("192.0.2.67", 7000)).isTrue();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(1, 2, 0, 0));
    }

    @Test
    void prefixesOfBothFamilies() {
        guard.apply(Rules.denyList(7000).deny("192.0.2.0/25", "2001:db8:bad::/48").build());
        assertThat(admit("192.0.2.1", 7000)).isFalse();
        assertThat(admit("192.0.2.127", 7000)).isFalse();
        assertThat(admit("192.0.2.128", 7000)).isTrue();
        assertThat(admit("2001:db8:bad:1::7", 7000)).isFalse();
        assertThat(admit("2001:db8:bad::1", 7000)).isFalse();
        assertThat(admit("2001:db8:900d::1", 7000)).isTrue();
        assertThat(admit("2001:db8:bad::1", 7001)).isTrue();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(2, 4, 0, 0));
    }

    @Test
    void familiesDoNotMix() {
        guard.apply(Rules.denyList(7000).deny("0.0.0.0/0").build());
        assertThat(admit("2001:db8::1", 7000)).as("an IPv4 rule never matches IPv6").isTrue();
        assertThat(admit("192.0.2.1", 7000)).isFalse();
        assertThat(admit("::ffff:192.0.2.1", 7000)).as("IPv4-mapped is IPv4").isFalse();
        guard.apply(Rules.denyList(7000).deny("::/0").build());
        assertThat(admit("192.0.2.1", 7000)).isTrue();
        assertThat(admit("2001:db8::1", 7000)).isFalse();
    }

    @Test
    void prefixLengthsAtEveryBitBoundary() {
        guard.apply(Rules.denyList(7000).deny("2001:db8:0:0:8000::/65", "2001:db8::1/128", "2001:db8:8000::/33",
                "192.0.2.128/25", "198.51.100.7/32").build());
        assertThat(admit("2001:db8:0:0:8000::5", 7000)).isFalse();
        assertThat(admit("2001:db8:0:0:7fff::5", 7000)).isTrue();
        assertThat(admit("2001:db8::1", 7000)).isFalse();
        assertThat(admit("2001:db8::2", 7000)).isTrue();
        assertThat(admit("2001:db8:ffff::1", 7000)).isFalse();
        assertThat(admit("2001:db8:7fff::1", 7000)).isTrue();
        assertThat(admit("192.0.2.200", 7000)).isFalse();
        assertThat(admit("192.0.2.100", 7000)).isTrue();
        assertThat(admit("198.51.100.7", 7000)).isFalse();
        assertThat(admit("198.51.100.8", 7000)).isTrue();
    }

    @Test
    void theMoreSpecificRuleWinsAndDenyWinsATie() {
        guard.apply(Rules.denyList(7000)
                .deny("192.0.2.0/24", "198.51.100.77", "2001:db8:1::/48", "2001:db8:3::/64")
                .allow("192.0.2.5", "198.51.100.0/24", "2001:db8:1:2::/64", "2001:db8:3::/64").build());
        assertThat(admit("192.0.2.5", 7000)).as("allowed exception").isTrue();
        assertThat(admit("192.0.2.6", 7000)).as("denied prefix").isFalse();
        assertThat(admit("198.51.100.77", 7000)).as("denied host").isFalse();
        assertThat(admit("198.51.100.78", 7000)).as("allowed prefix").isTrue();
        assertThat(admit("2001:db8:1:2::9", 7000)).isTrue();
        assertThat(admit("2001:db8:1:3::9", 7000)).isFalse();
        assertThat(admit("2001:db8:3::9", 7000)).as("tie").isFalse();
    }

    @Test
    void allowListRefusesUnknownSourcesAtTheNodesPortsOnly() {
        guard.apply(Rules.allowList(7000).allow("192.0.2.10", "2001:db8:1::/64").deny("192.0.2.66").build());
        assertThat(admit("192.0.2.10", 7000)).isTrue();
        assertThat(admit("2001:db8:1::10", 7000)).isTrue();
        assertThat(admit("192.0.2.11", 7000)).isFalse();
        assertThat(admit("2001:db8:2::10", 7000)).isFalse();
        assertThat(admit("192.0.2.66", 7000)).isFalse();
        assertThat(admit("192.0.2.11", 22)).as("ssh is never touched").isTrue();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(2, 1, 2, 0));
    }

    @Test
    void rateLimitHoldsEachSourceToItsRate() {
        guard.apply(Rules.denyList(7000).rate(10).build());
        assertThat(passedOf(15, "192.0.2.10")).as("a burst of one second's worth").isEqualTo(10);
        assertThat(admit("192.0.2.11", 7000)).as("another source").isTrue();
        assertThat(admit("2001:db8:1::1", 7000)).isTrue();
        assertThat(admit("192.0.2.10", 7001)).as("other ports").isTrue();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(12, 0, 0, 5));

        clock.addAndGet(100_000_000L);
        assertThat(passedOf(3, "192.0.2.10")).as("a tenth of a second later, one more").isEqualTo(1);
        clock.addAndGet(10_000_000_000L);
        assertThat(passedOf(15, "192.0.2.10")).as("idle, the whole burst again, no more").isEqualTo(10);

        guard.apply(Rules.denyList(7000).rate(10).build());
        assertThat(admit("192.0.2.10", 7000)).as("the same rate keeps each source's budget").isFalse();

        guard.apply(Rules.denyList(7000).build());
        assertThat(admit("192.0.2.10", 7000)).as("limit off").isTrue();

        guard.apply(Rules.denyList(7000).rate(3).build());
        assertThat(passedOf(5, "192.0.2.10")).as("a new rate starts every source afresh").isEqualTo(3);
    }

    @Test
    void rateLimitAppliesOnlyToWhatWouldPass() {
        guard.apply(Rules.allowList(7000).allow("192.0.2.0/24").deny("192.0.2.66").rate(1).build());
        assertThat(admit("192.0.2.66", 7000)).isFalse();
        assertThat(admit("198.51.100.1", 7000)).isFalse();
        assertThat(admit("192.0.2.1", 7000)).isTrue();
        assertThat(admit("192.0.2.1", 7000)).isFalse();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(1, 1, 1, 1));
    }

    @Test
    void veryHighRatesStayWithinOneSecondOfBurst() {
        guard.apply(Rules.denyList(7000).rate(3_000_000_000L).build());
        assertThat(passedOf(1000, "192.0.2.10")).isEqualTo(1000);
    }

    @Test
    void applyReplacesTheRulesWithoutLeftovers() {
        guard.apply(Rules.denyList(7000).deny("192.0.2.66", "2001:db8:bad::/48").allow("192.0.2.7").build());
        guard.apply(Rules.denyList(7001).deny("192.0.2.99").build());
        assertThat(admit("192.0.2.66", 7001)).isTrue();
        assertThat(admit("2001:db8:bad::1", 7001)).isTrue();
        assertThat(admit("192.0.2.99", 7001)).isFalse();
        assertThat(admit("192.0.2.99", 7000)).as("7000 left the set").isTrue();
    }

    @Test
    void refusesRulesThatDoNotFitAndKeepsTheOldOnes() {
        guard.apply(Rules.denyList(7000).deny("192.0.2.66").build());
        assertThatThrownBy(() -> guard.apply(Rules.denyList(0).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a port: 0");
        assertThatThrownBy(() -> guard.apply(Rules.denyList(65536).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a port: 65536");
        assertThatThrownBy(() -> guard.apply(Rules.denyList(7000).rate(-1).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(admit("192.0.2.66", 7000)).isFalse();
    }

    @Test
    void countOnlyRefusesNothing() {
        guard = new UserspaceGuard(16, false, clock::get);
        guard.apply(Rules.allowList(7000).deny("192.0.2.66").build());
        assertThat(admit("192.0.2.66", 7000)).isTrue();
        assertThat(admit("192.0.2.67", 7000)).isTrue();
        assertThat(guard.counters()).isEqualTo(new GuardCounters(0, 1, 1, 0));
    }

    private long passedOf(int attempts, String source) {
        return IntStream.range(0, attempts).filter(i -> admit(source, 7000)).count();
    }
}
