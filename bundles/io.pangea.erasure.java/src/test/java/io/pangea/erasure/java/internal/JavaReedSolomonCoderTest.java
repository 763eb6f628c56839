package io.pangea.erasure.java.internal;

import io.pangea.api.erasure.ErasureCoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaReedSolomonCoderTest extends ErasureCoderContract {
    @Override
    protected ErasureCoder coder() {
        return new JavaReedSolomonCoder();
    }

    @Test
    void fieldArithmeticMatchesTheSlowDefinition() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertThat(Gf256.mul(a, b)).as("%d * %d", a, b).isEqualTo(SlowReference.mul(a, b));
            }
        }
        for (int a = 1; a < 256; a++) {
            assertThat(Gf256.inv(a)).as("1 / %d", a).isEqualTo(SlowReference.inv(a));
        }
        // Fixed points of the field with polynomial 0x11d.
        assertThat(Gf256.mul(2, 0x80)).isEqualTo(0x1d);
        assertThat(Gf256.inv(2)).isEqualTo(0x8e);
        assertThatThrownBy(() -> Gf256.inv(0)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void encodingMatrixIsTheCauchyMatrixOfIsaL() {
        byte[][] matrix = GfMatrix.cauchy(3, 2);
        assertThat(matrix).hasDimensions(5, 3);
        assertThat(matrix[0]).containsExactly(1, 0, 0);
        assertThat(matrix[2]).containsExactly(0, 0, 1);
        // Row 3 is 1/(3^0), 1/(3^1), 1/(3^2) = 1/3, 1/2, 1/1.
        assertThat(matrix[3]).containsExactly((byte) SlowReference.inv(3), (byte) 0x8e, (byte) 1);
        assertThat(matrix[4]).containsExactly((byte) SlowReference.inv(4), (byte) SlowReference.inv(5),
                (byte) SlowReference.inv(6));
    }

    @Test
    void inversionInvertsAndRefusesSingularMatrices() {
        byte[][] matrix = {GfMatrix.cauchy(3, 3)[3], GfMatrix.cauchy(3, 3)[1], GfMatrix.cauchy(3, 3)[5]};
        byte[][] inverse = GfMatrix.invert(matrix);
        for (int r = 0; r < 3; r++) {
            byte[] row = GfMatrix.times(matrix[r], inverse);
            for (int c = 0; c < 3; c++) {
                assertThat(row[c] & 0xff).isEqualTo(r == c ? 1 : 0);
            }
        }
        assertThatThrownBy(() -> GfMatrix.invert(new byte[][] {{1, 2}, {1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singular");
    }
}
