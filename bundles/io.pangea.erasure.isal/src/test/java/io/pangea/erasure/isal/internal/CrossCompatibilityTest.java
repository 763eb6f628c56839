package io.pangea.erasure.isal.internal;

import io.pangea.api.erasure.ErasureCoder;
import io.pangea.erasure.java.internal.ErasureCoderContract;
import io.pangea.erasure.java.internal.JavaReedSolomonCoder;
import io.pangea.erasure.java.internal.Shards;
import io.pangea.erasure.java.internal.Shards.Kind;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The two providers of rs-cauchy-gf256 are interchangeable byte for byte. */
class CrossCompatibilityTest {
    static {
        System.loadLibrary(IsalProvider.LIBRARY);
    }

    private final ErasureCoder isal = new IsalErasureCoder();
    private final ErasureCoder java = new JavaReedSolomonCoder();

    @Test
    void parityIsIdentical() {
        Random random = new Random(99);
        int[][] shapes = {{1, 1}, {2, 1}, {4, 2}, {10, 4}, {6, 6}, {17, 3}, {29, 51}, {1, 254}, {254, 1}, {100, 155}};
        for (int[] shape : shapes) {
            for (int length : new int[] {1, 31, 32, 33, 1000, 65_537}) {
                byte[][] data = Shards.random(random, shape[0], length);
                ByteBuffer[] fromIsal = Shards.empty(shape[1], length, Kind.DIRECT);
                ByteBuffer[] fromJava = Shards.empty(shape[1], length, Kind.HEAP);
                isal.encode(Shards.wrap(data, Kind.DIRECT), fromIsal);
                java.encode(Shards.wrap(data, Kind.HEAP), fromJava);
                assertThat(Shards.bytes(fromIsal)).as("%d+%d, %d bytes", shape[0], shape[1], length)
                        .isDeepEqualTo(Shards.bytes(fromJava));
            }
        }
    }

    @Test
    void eachRebuildsTheOthersShards() {
        Random random = new Random(100);
        for (int[] shape : new int[][] {{10, 4}, {29, 51}, {3, 3}, {50, 20}}) {
            int k = shape[0];
            int m = shape[1];
            byte[][] data = Shards.random(random, k, 4099);
            ByteBuffer[] parityIsal = Shards.empty(m, 4099, Kind.HEAP);
            isal.encode(Shards.wrap(data, Kind.HEAP), parityIsal);
            ByteBuffer[] parityJava = Shards.empty(m, 4099, Kind.HEAP);
            java.encode(Shards.wrap(data, Kind.HEAP), parityJava);
            for (int lost = 0; lost <= m; lost++) {
                boolean[] present = new boolean[k + m];
                Arrays.fill(present, true);
                for (int i = 0; i < lost; i++) {
                    present[(i * 7) % (k + m)] = false;
                }
                assertRebuilds(java, k, data, parityIsal, present);
                assertRebuilds(isal, k, data, parityJava, present);
            }
        }
    }

    @Test
    void randomCodesBothWays() {
        Random random = new Random(31337);
        for (int run = 0; run < 300; run++) {
            int k = 1 + random.nextInt(random.nextBoolean() ? 16 : 120);
            int m = random.nextInt(Math.min(255 - k, random.nextBoolean() ? 8 : 80) + 1);
            int length = random.nextInt(random.nextBoolean() ? 100 : 6000);
            boolean isalEncodes = random.nextBoolean();
            ErasureCoder encoder = isalEncodes ? isal : java;
            ErasureCoder decoder = isalEncodes ? java : isal;
            Kind kind = Kind.values()[random.nextInt(3)];
            byte[][] data = Shards.random(random, k, length);
            ByteBuffer[] parity = Shards.empty(m, length, kind);
            encoder.encode(Shards.wrap(data, kind), parity);
            ByteBuffer[] otherParity = Shards.empty(m, length, Kind.HEAP);
            decoder.encode(Shards.wrap(data, Kind.HEAP), otherParity);
            assertThat(Shards.bytes(parity)).as("run %d parity", run).isDeepEqualTo(Shards.bytes(otherParity));
            boolean[] present = ErasureCoderContract.randomPresence(random, k, m);
            ByteBuffer[] shards = Shards.concat(Shards.wrap(data, kind), parity);
            byte[][] expected = Shards.bytes(shards);
            Shards.spoil(shards, present);
            decoder.reconstruct(k, shards, present);
            assertThat(Shards.bytes(shards)).as("run %d: %d+%d, %d bytes, encoded by %s, present %s", run, k, m,
                    length, isalEncodes ? "isal" : "java", Arrays.toString(present)).isDeepEqualTo(expected);
        }
    }

    private static void assertRebuilds(ErasureCoder decoder, int k, byte[][] data, ByteBuffer[] parity,
            boolean[] present) {
        ByteBuffer[] shards = Shards.concat(Shards.wrap(data, Kind.DIRECT), Shards.wrap(Shards.bytes(parity), Kind.DIRECT));
        byte[][] expected = Shards.bytes(shards);
        Shards.spoil(shards, present);
        decoder.reconstruct(k, shards, present);
        assertThat(Shards.bytes(shards)).as("%s rebuilding %s", decoder.getClass().getSimpleName(),
                Arrays.toString(present)).isDeepEqualTo(expected);
    }
}
