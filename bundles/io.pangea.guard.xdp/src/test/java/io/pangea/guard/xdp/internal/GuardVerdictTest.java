package io.pangea.guard.xdp.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.guard.GuardCounters;
import io.pangea.bpf.testing.KernelTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static io.pangea.guard.xdp.internal.Frames.DESTINATION;
import static io.pangea.guard.xdp.internal.Frames.HOP_BY_HOP;
import static io.pangea.guard.xdp.internal.Frames.ROUTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guard program's verdicts, frame by frame, run in the kernel without attaching (BPF_PROG_TEST_RUN): the
 * parser, the rule precedence, the modes, the rate limit and the counters, exactly.
 */
class GuardVerdictTest {
    static final int DROP = 1;
    static final int PASS = 2;
    private static final String NODE4 = "198.51.100.1";
    private static final String NODE6 = "2001:db8:ff::1";

    private GuardProgram program;

    @BeforeEach
    void load() throws Exception {
        KernelTests.assume();
        program = GuardProgram.load(GuardProgram.Settings.DEFAULT);
    }

    @AfterEach
    void close() {
        if (program != null) {
            program.close();
        }
    }

    private int verdict(byte[] frame) {
        return program.verdict(frame);
    }

    @Test
    void withoutRulesEverythingPassesUncounted() {
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).udp(7000))).isEqualTo(PASS);
        assertThat(program.counters()).isEqualTo(new GuardCounters(0, 0, 0, 0));
    }

    @Test
    void deniedSourceIsDroppedAtTheNodesPortsOnly() {
        program.apply(Rules.denyList(7000, 7002).deny("192.0.2.66").build());
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).tcp(7002))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).udp(7001))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).tcp(22))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).icmp())).isEqualTo(PASS);
        assertThat(verdict(Frames.arp())).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.67", NODE4).udp(7000))).isEqualTo(PASS);
        assertThat(program.counters()).isEqualTo(new GuardCounters(1, 2, 0, 0));
    }

    @Test
    void prefixesOfBothFamilies() {
        program.apply(Rules.denyList(7000).deny("192.0.2.0/25", "2001:db8:bad::/48").build());
        assertThat(verdict(Frames.from("192.0.2.1", NODE4).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.127", NODE4).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.128", NODE4).udp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:bad:1::7", NODE6).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).tcp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:900d::1", NODE6).udp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).udp(7001))).isEqualTo(PASS);
        assertThat(program.counters()).isEqualTo(new GuardCounters(2, 4, 0, 0));
    }

    @Test
    void theMoreSpecificRuleWinsAndDenyWinsATie() {
        program.apply(Rules.denyList(7000)
                .deny("192.0.2.0/24", "198.51.100.77", "2001:db8:1::/48", "2001:db8:3::/64")
                .allow("192.0.2.5", "198.51.100.0/24", "2001:db8:1:2::/64", "2001:db8:3::/64").build());
        assertThat(verdict(Frames.from("192.0.2.5", NODE4).udp(7000))).as("allowed exception").isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.6", NODE4).udp(7000))).as("denied prefix").isEqualTo(DROP);
        assertThat(verdict(Frames.from("198.51.100.77", NODE4).udp(7000))).as("denied host").isEqualTo(DROP);
        assertThat(verdict(Frames.from("198.51.100.78", NODE4).udp(7000))).as("allowed prefix").isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:1:2::9", NODE6).udp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:1:3::9", NODE6).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:3::9", NODE6).udp(7000))).as("tie").isEqualTo(DROP);
    }

    @Test
    void allowListDropsUnknownSourcesAtTheNodesPortsOnly() {
        program.apply(Rules.allowList(7000).allow("192.0.2.10", "2001:db8:1::/64").deny("192.0.2.66").build());
        assertThat(verdict(Frames.from("192.0.2.10", NODE4).udp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:1::10", NODE6).tcp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.11", NODE4).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:2::10", NODE6).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.11", NODE4).tcp(22))).as("ssh is never touched").isEqualTo(PASS);
        assertThat(program.counters()).isEqualTo(new GuardCounters(2, 1, 2, 0));
    }

    @Test
    void vlanTaggedFramesAreJudged() {
        program.apply(Rules.denyList(7000).deny("192.0.2.66", "2001:db8:bad::/48").build());
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).vlan(10).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).vlan(10).vlan(20).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.67", NODE4).vlan(10).udp(7000))).isEqualTo(PASS);
    }

    @Test
    void ipv6ExtensionHeadersAreWalked() {
        program.apply(Rules.denyList(7000).deny("2001:db8:bad::/48").build());
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).extension(HOP_BY_HOP).extension(ROUTING)
                .extension(DESTINATION).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).extension(HOP_BY_HOP).fragment(0, true).tcp(7000)))
                .as("first fragment").isEqualTo(DROP);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).fragment(8, false).udp(7000)))
                .as("a later fragment has no ports").isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).extension(DESTINATION).udp(7001))).isEqualTo(PASS);
    }

    @Test
    void ipv4FragmentsAreJudgedByTheFirst() {
        program.apply(Rules.denyList(7000).deny("192.0.2.66").build());
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).fragment(0, true).udp(7000))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).fragment(185, false).udp(7000))).isEqualTo(PASS);
    }

    @Test
    void truncatedFramesPass() {
        program.apply(Rules.denyList(7000).deny("192.0.2.66", "2001:db8:bad::/48").build());
        byte[] udp4 = Frames.from("192.0.2.66", NODE4).udp(7000);
        byte[] udp6 = Frames.from("2001:db8:bad::1", NODE6).udp(7000);
        for (int length : new int[]{14, 20, 33, 34, 36, 41}) {
            assertThat(verdict(java.util.Arrays.copyOf(udp4, length))).as("IPv4 cut at " + length).isEqualTo(PASS);
        }
        for (int length : new int[]{14, 40, 54, 56, 61}) {
            assertThat(verdict(java.util.Arrays.copyOf(udp6, length))).as("IPv6 cut at " + length).isEqualTo(PASS);
        }
        assertThat(verdict(java.util.Arrays.copyOf(udp4, 42))).as("a whole UDP header").isEqualTo(DROP);
        assertThat(verdict(java.util.Arrays.copyOf(udp6, 62))).as("a whole UDP header").isEqualTo(DROP);
    }

    @Test
    void rateLimitHoldsEachSourceToItsRate() {
        program.apply(Rules.denyList(7000).rate(10).build());
        long passed = IntStream.range(0, 15).map(i -> verdict(Frames.from("192.0.2.10", NODE4).udp(7000)))
                .filter(v -> v == PASS).count();
        assertThat(passed).as("a burst of one second's worth").isEqualTo(10);
        assertThat(verdict(Frames.from("192.0.2.11", NODE4).udp(7000))).as("another source").isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:1::1", NODE6).udp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.10", NODE4).udp(7001))).as("other ports").isEqualTo(PASS);
        assertThat(program.counters()).isEqualTo(new GuardCounters(12, 0, 0, 5));

        program.apply(Rules.denyList(7000).build());
        assertThat(verdict(Frames.from("192.0.2.10", NODE4).udp(7000))).as("limit off").isEqualTo(PASS);

        program.apply(Rules.denyList(7000).rate(3).build());
        long again = IntStream.range(0, 5).map(i -> verdict(Frames.from("192.0.2.10", NODE4).udp(7000)))
                .filter(v -> v == PASS).count();
        assertThat(again).as("a new rate starts every source afresh").isEqualTo(3);
    }

    @Test
    void applyReplacesTheRulesWithoutLeftovers() {
        program.apply(Rules.denyList(7000).deny("192.0.2.66", "2001:db8:bad::/48").allow("192.0.2.7").build());
        program.apply(Rules.denyList(7001).deny("192.0.2.99").build());
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).udp(7001))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("2001:db8:bad::1", NODE6).udp(7001))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.99", NODE4).udp(7001))).isEqualTo(DROP);
        assertThat(verdict(Frames.from("192.0.2.99", NODE4).udp(7000))).as("7000 left the set").isEqualTo(PASS);
    }

    @Test
    void refusesRulesThatDoNotFit() throws Exception {
        program.close();
        program = GuardProgram.load(new GuardProgram.Settings(true, 2, 16));
        assertThatThrownBy(() -> program.apply(Rules.denyList(7000).deny("192.0.2.1", "192.0.2.2", "192.0.2.3")
                .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 IPv4 deny rules");
        assertThatThrownBy(() -> program.apply(Rules.denyList(0).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a port: 0");
        assertThatThrownBy(() -> program.apply(Rules.denyList(7000).rate(-1).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countOnlyDropsNothing() throws Exception {
        program.close();
        program = GuardProgram.load(new GuardProgram.Settings(false, 16, 16));
        program.apply(Rules.allowList(7000).deny("192.0.2.66").build());
        assertThat(verdict(Frames.from("192.0.2.66", NODE4).udp(7000))).isEqualTo(PASS);
        assertThat(verdict(Frames.from("192.0.2.67", NODE4).udp(7000))).isEqualTo(PASS);
        assertThat(program.counters()).isEqualTo(new GuardCounters(0, 1, 1, 0));
    }
}
