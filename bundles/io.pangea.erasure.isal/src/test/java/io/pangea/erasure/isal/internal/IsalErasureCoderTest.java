package io.pangea.erasure.isal.internal;

import io.pangea.api.erasure.ErasureCoder;
import io.pangea.erasure.java.internal.ErasureCoderContract;
import io.pangea.erasure.java.internal.Shards;
import io.pangea.erasure.java.internal.Shards.Kind;
import io.pangea.erasure.java.internal.SlowReference;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The coder contract, against ISA-L, plus what is particular to the JNI path. */
class IsalErasureCoderTest extends ErasureCoderContract {
    static {
        System.loadLibrary(IsalProvider.LIBRARY);
    }

    @Override
    protected ErasureCoder coder() {
        return new IsalErasureCoder();
    }

    @Test
    void lengthsAroundTheSimdWidthsMatchTheReference() {
        // ISA-L works in 32- and 64-byte vectors and falls back to scalar code below 32 (or 64) bytes.
        Random random = new Random(5);
        for (int length = 1; length <= 200; length++) {
            byte[][] data = Shards.random(random, 5, length);
            ByteBuffer[] parity = Shards.empty(7, length, length % 2 == 0 ? Kind.DIRECT : Kind.SLICED);
            coder.encode(Shards.wrap(data, length % 3 == 0 ? Kind.DIRECT : Kind.HEAP), parity);
            assertThat(Shards.bytes(parity)).as("%d bytes", length).isDeepEqualTo(SlowReference.parity(data, 7));
        }
    }

    @Test
    void nativeEntryPointsRefuseTablesThatAreNotDirect() {
        assertThatThrownBy(() -> IsalNative.encodingTables(3, 2, ByteBuffer.allocate(32 * 3 * 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direct buffer");
        assertThatThrownBy(() -> IsalNative.encodingTables(3, 2, ByteBuffer.allocateDirect(32 * 3 * 2 - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 * K * rows");
    }
}
