package io.pangea.dht.kad.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 300-node version of the simulation for the default run (a few seconds); the 1,000-node one takes 17–31 s per
 * seed on two shared cores, so it is {@link KadSimulationBenchmarkTest}.
 */
class KadSimulationTest {

    @Test
    void threeHundredNodesFindProvidersAfterAFifthDie() throws Exception {
        KadSimulation.Report report = KadSimulation.run(1, 300, 4, 60, 0.2, 300);
        System.out.println("kad simulation (300 nodes) seed 1: " + report);
        assertThat(report.successRate()).isGreaterThanOrEqualTo(99.5);
        assertThat(report.percentile(0.5)).isLessThanOrEqualTo(4);
    }
}
