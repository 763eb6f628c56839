package io.pangea.objects.internal;

import io.pangea.api.compression.Compressor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompressionLevelPolicyTest {
    private static final long GIB = 1L << 30;

    private static CompressionLevelPolicy load(double loadAverage) {
        return new CompressionLevelPolicy(() -> loadAverage);
    }

    @Test
    void levelFollowsTheHardware() {
        assertThat(load(0).target(16, 32 * GIB)).isEqualTo(9);
        assertThat(load(0).target(8, 16 * GIB)).isEqualTo(9);
        assertThat(load(0).target(8, 8 * GIB)).isEqualTo(6);
        assertThat(load(0).target(4, 4 * GIB)).isEqualTo(6);
        assertThat(load(0).target(2, 24 * GIB)).isEqualTo(3);
        assertThat(load(0).target(16, GIB)).isEqualTo(3);
    }

    @Test
    void aBusyMachineBacksOff() {
        assertThat(load(7.9).target(16, 32 * GIB)).isEqualTo(9);
        assertThat(load(8).target(16, 32 * GIB)).isEqualTo(6);
        assertThat(load(2).target(4, 8 * GIB)).isEqualTo(4);
        assertThat(load(1).target(2, 8 * GIB)).isEqualTo(2);
        assertThat(load(2).target(2, 8 * GIB)).isEqualTo(1);
        assertThat(load(16).target(16, 32 * GIB)).isEqualTo(1);
        assertThat(load(40).target(2, 8 * GIB)).isEqualTo(1);
    }

    @Test
    void unknownLoadCountsAsIdle() {
        assertThat(load(-1).target(8, 32 * GIB)).isEqualTo(9);
    }

    @Test
    void clampedToTheCompressorsLevels() {
        assertThat(CompressionLevelPolicy.clamp(9, new Compressor.Levels(1, 22, 3))).isEqualTo(9);
        assertThat(CompressionLevelPolicy.clamp(30, new Compressor.Levels(1, 22, 3))).isEqualTo(22);
        assertThat(CompressionLevelPolicy.clamp(9, new Compressor.Levels(0, 0, 0))).isZero();
        assertThat(CompressionLevelPolicy.clamp(-5, new Compressor.Levels(1, 9, 6))).isEqualTo(1);
    }

    @Test
    void theSystemPolicyGivesALevel() {
        assertThat(CompressionLevelPolicy.system().target(2, GIB)).isBetween(1, 3);
    }
}
