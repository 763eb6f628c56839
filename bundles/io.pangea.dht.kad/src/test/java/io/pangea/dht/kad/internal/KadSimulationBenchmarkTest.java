package io.pangea.dht.kad.internal;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** 1,000 nodes, 200 announcements, 20 % killed, 1,000 lookups (the goals: ≥ 99.5 %, median ≤ 4 hops). */
@Tag("benchmark")
class KadSimulationBenchmarkTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void thousandNodesSurviveLosingAFifth(long seed) throws Exception {
        KadSimulation.Report report = KadSimulation.run(seed, 1000, 4, 200, 0.2, 1000);
        System.out.println("kad simulation seed " + seed + ": " + report);
        assertThat(report.successRate()).isGreaterThanOrEqualTo(99.5);
        assertThat(report.percentile(0.5)).isLessThanOrEqualTo(4);
    }
}
