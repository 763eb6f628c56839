package io.pangea.erasure.java.internal;

import io.pangea.api.erasure.ErasureCoder;
import io.pangea.erasure.java.internal.Shards.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every provider of the {@code rs-cauchy-gf256} codec must do, checked against {@link SlowReference}. Each
 * coder's test extends this; the ISA-L bundle's tests reach it through this module's test jar.
 */
public abstract class ErasureCoderContract {
    protected final ErasureCoder coder = coder();

    protected abstract ErasureCoder coder();

    @Test
    public void describesItself() {
        assertThat(coder.codec()).isEqualTo("rs-cauchy-gf256");
        assertThat(coder.maxShards()).isEqualTo(255);
    }

    @Test
    public void tinyVectorMatchesHandComputation() {
        // K = 2, M = 1: parity = d0 / (2 ^ 0) + d1 / (2 ^ 1) = 0x8e · d0 + (1/3) · d1.
        byte[][] data = {{1, 0, 2}, {0, 1, 1}};
        ByteBuffer[] parity = Shards.empty(1, 3, Kind.HEAP);
        coder.encode(Shards.wrap(data, Kind.HEAP), parity);
        int third = SlowReference.inv(3);
        assertThat(Shards.bytes(parity[0])).containsExactly((byte) 0x8e, (byte) third,
                (byte) (SlowReference.mul(0x8e, 2) ^ third));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    public void parityMatchesTheSlowReference(Kind kind) {
        Random random = new Random(42);
        int[][] shapes = {{1, 1}, {1, 4}, {2, 2}, {3, 1}, {4, 2}, {5, 3}, {10, 4}, {6, 9}, {17, 8}, {12, 20}};
        for (int[] shape : shapes) {
            for (int length : new int[] {1, 7, 64, 4095, 4096, 4097, 10_000}) {
                byte[][] data = Shards.random(random, shape[0], length);
                ByteBuffer[] dataBuffers = Shards.wrap(data, kind);
                ByteBuffer[] parity = Shards.empty(shape[1], length, kind);
                coder.encode(dataBuffers, parity);
                assertThat(Shards.bytes(parity)).as("%d+%d, %d bytes", shape[0], shape[1], length)
                        .isDeepEqualTo(SlowReference.parity(data, shape[1]));
                assertThat(Shards.bytes(dataBuffers)).isDeepEqualTo(data);
            }
        }
    }

    @Test
    public void positionsLimitsAndSurroundingBytesAreUntouched() {
        byte[][] data = Shards.random(new Random(3), 3, 100);
        ByteBuffer[] dataBuffers = Shards.wrap(data, Kind.SLICED);
        ByteBuffer[] parity = Shards.empty(2, 100, Kind.DIRECT);
        coder.encode(dataBuffers, parity);
        for (ByteBuffer buffer : Shards.concat(dataBuffers, parity)) {
            assertThat(buffer.position()).isEqualTo(7);
            assertThat(buffer.limit()).isEqualTo(107);
            ByteBuffer whole = buffer.duplicate().clear();
            assertThat(whole.get(6)).isEqualTo((byte) 0xa5);
            assertThat(whole.get(107)).isEqualTo((byte) 0xa5);
        }
    }

    @Test
    public void mixedAndReadOnlyInputsWork() {
        byte[][] data = Shards.random(new Random(4), 4, 5000);
        ByteBuffer[] dataBuffers = {Shards.wrap(data[0], Kind.HEAP), Shards.wrap(data[1], Kind.DIRECT),
                Shards.wrap(data[2], Kind.SLICED).asReadOnlyBuffer(), Shards.wrap(data[3], Kind.DIRECT).asReadOnlyBuffer()};
        ByteBuffer[] parity = {Shards.wrap(new byte[5000], Kind.DIRECT), Shards.wrap(new byte[5000], Kind.SLICED)};
        coder.encode(dataBuffers, parity);
        assertThat(Shards.bytes(parity)).isDeepEqualTo(SlowReference.parity(data, 2));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    public void everyErasurePatternOfSmallCodesRebuilds(Kind kind) {
        Random random = new Random(7);
        int[][] shapes = {{1, 1}, {1, 3}, {2, 1}, {2, 3}, {3, 3}, {4, 4}, {5, 2}, {6, 3}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int n = k + shape[1];
            byte[][] data = Shards.random(random, k, 33);
            byte[][] all = new byte[n][];
            System.arraycopy(data, 0, all, 0, k);
            System.arraycopy(SlowReference.parity(data, shape[1]), 0, all, k, shape[1]);
            for (int mask = 0; mask < (1 << n); mask++) {
                if (Integer.bitCount(mask) > shape[1]) {
                    continue;
                }
                boolean[] present = new boolean[n];
                for (int i = 0; i < n; i++) {
                    present[i] = (mask & (1 << i)) == 0;
                }
                ByteBuffer[] shards = Shards.wrap(all, kind);
                Shards.spoil(shards, present);
                coder.reconstruct(k, shards, present);
                assertThat(Shards.bytes(shards)).as("%d+%d missing %s", k, shape[1], Integer.toBinaryString(mask))
                        .isDeepEqualTo(all);
            }
        }
    }

    @Test
    public void oneDataShardAndNoParity() {
        byte[][] data = {{9, 8, 7}};
        ByteBuffer[] dataBuffers = Shards.wrap(data, Kind.HEAP);
        coder.encode(dataBuffers, new ByteBuffer[0]);
        coder.reconstruct(1, dataBuffers, new boolean[] {true});
        assertThat(Shards.bytes(dataBuffers[0])).containsExactly(9, 8, 7);

        ByteBuffer[] parity = Shards.empty(2, 3, Kind.HEAP);
        coder.encode(dataBuffers, parity);
        ByteBuffer[] shards = {ByteBuffer.allocate(3), parity[0], parity[1]};
        coder.reconstruct(1, shards, new boolean[] {false, false, true});
        assertThat(Shards.bytes(shards[0])).containsExactly(9, 8, 7);
    }

    @Test
    public void emptyShardsAreAccepted() {
        ByteBuffer[] data = Shards.empty(3, 0, Kind.HEAP);
        ByteBuffer[] parity = Shards.empty(2, 0, Kind.DIRECT);
        coder.encode(data, parity);
        coder.reconstruct(3, Shards.concat(data, parity), new boolean[] {false, true, true, false, true});
    }

    @Test
    public void theLargestCodesWork() {
        Random random = new Random(11);
        for (int[] shape : new int[][] {{1, 254}, {254, 1}, {200, 55}, {128, 127}}) {
            int k = shape[0];
            int m = shape[1];
            byte[][] data = Shards.random(random, k, 50);
            ByteBuffer[] parity = Shards.empty(m, 50, Kind.HEAP);
            coder.encode(Shards.wrap(data, Kind.HEAP), parity);
            assertThat(Shards.bytes(parity)).isDeepEqualTo(SlowReference.parity(data, m));

            ByteBuffer[] shards = Shards.concat(Shards.wrap(data, Kind.DIRECT), Shards.wrap(Shards.bytes(parity), Kind.DIRECT));
            boolean[] present = new boolean[k + m];
            // Lose the first min(K, M) data shards and keep exactly K shards.
            int lost = Math.min(k, m);
            for (int i = lost; i < lost + k; i++) {
                present[i] = true;
            }
            byte[][] expected = Shards.bytes(shards);
            Shards.spoil(shards, present);
            coder.reconstruct(k, shards, present);
            assertThat(Shards.bytes(shards)).as("%d+%d", k, m).isDeepEqualTo(expected);
        }
    }

    @Test
    public void badArgumentsAreClearErrors() {
        ByteBuffer[] three = Shards.empty(3, 10, Kind.HEAP);
        assertThatThrownBy(() -> coder.encode(new ByteBuffer[0], three))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("K (data shards) must be at least 1, was 0");
        assertThatThrownBy(() -> coder.encode(Shards.empty(200, 1, Kind.HEAP), Shards.empty(56, 1, Kind.HEAP)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("K + M = 256 exceeds the maximum of 255 shards (K = 200, M = 56)");
        assertThatThrownBy(() -> coder.encode(three, new ByteBuffer[] {ByteBuffer.allocate(11)}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shard lengths differ: parity shard 0 has 11 bytes remaining, data shard 0 has 10");
        assertThatThrownBy(() -> coder.encode(new ByteBuffer[] {three[0], null}, three))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("data shard 1 is null");
        assertThatThrownBy(() -> coder.encode(three, new ByteBuffer[] {ByteBuffer.allocate(10).asReadOnlyBuffer()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parity shard 0 is read-only");

        assertThatThrownBy(() -> coder.reconstruct(0, three, new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("K (data shards) must be at least 1, was 0");
        assertThatThrownBy(() -> coder.reconstruct(4, three, new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("M (parity shards) must not be negative, was -1");
        assertThatThrownBy(() -> coder.reconstruct(2, three, new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("present marks 2 shards");
        assertThatThrownBy(() -> coder.reconstruct(2, three, new boolean[] {true, false, false}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fewer than K shards present: 1 of 3 present, K = 2 needed to reconstruct");
        assertThatThrownBy(() -> coder.reconstruct(2, new ByteBuffer[] {three[0], three[1], ByteBuffer.allocate(9)},
                new boolean[] {true, true, false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parity shard 0 has 9 bytes");
    }

    @Test
    public void randomCodesPatternsAndLengthsRoundTrip() {
        Random random = new Random(20260101);
        for (int run = 0; run < 300; run++) {
            int k = 1 + random.nextInt(random.nextBoolean() ? 12 : 100);
            int m = random.nextInt(Math.min(255 - k, random.nextBoolean() ? 8 : 60) + 1);
            int length = random.nextInt(random.nextBoolean() ? 64 : 9000);
            Kind kind = Kind.values()[random.nextInt(3)];
            byte[][] data = Shards.random(random, k, length);
            ByteBuffer[] dataBuffers = Shards.wrap(data, kind);
            ByteBuffer[] parity = Shards.empty(m, length, kind);
            coder.encode(dataBuffers, parity);
            ByteBuffer[] shards = Shards.concat(dataBuffers, parity);
            byte[][] expected = Shards.bytes(shards);
            boolean[] present = randomPresence(random, k, m);
            Shards.spoil(shards, present);
            coder.reconstruct(k, shards, present);
            assertThat(Shards.bytes(shards)).as("run %d: %d+%d, %d bytes, present %s", run, k, m, length,
                    Arrays.toString(present)).isDeepEqualTo(expected);
        }
    }

    /** Marks between K and K + M shards present, at random places. */
    public static boolean[] randomPresence(Random random, int k, int m) {
        boolean[] present = new boolean[k + m];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k + m; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        int keep = k + random.nextInt(m + 1);
        for (int i = 0; i < keep; i++) {
            present[order.get(i)] = true;
        }
        return present;
    }

    @Test
    public void concurrentCallsShareOneCoder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                results.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int run = 0; run < 40; run++) {
                        int k = 2 + random.nextInt(10);
                        int m = 1 + random.nextInt(5);
                        byte[][] data = Shards.random(random, k, 3000);
                        ByteBuffer[] parity = Shards.empty(m, 3000, Kind.DIRECT);
                        coder.encode(Shards.wrap(data, Kind.HEAP), parity);
                        assertThat(Shards.bytes(parity)).isDeepEqualTo(SlowReference.parity(data, m));
                        ByteBuffer[] shards = Shards.concat(Shards.wrap(data, Kind.HEAP), parity);
                        boolean[] present = randomPresence(random, k, m);
                        Shards.spoil(shards, present);
                        coder.reconstruct(k, shards, present);
                        assertThat(Arrays.copyOf(Shards.bytes(shards), k)).isDeepEqualTo(data);
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
