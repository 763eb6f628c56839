package io.pangea.erasure.java.internal;

/** The matrices of the code: rows of coefficients in GF(2^8), one {@code byte[]} per row. */
final class GfMatrix {
    private GfMatrix() {
    }

    /**
     * ISA-L's {@code gf_gen_cauchy1_matrix}: K + M rows of K columns, the identity on top (the code is
     * systematic), then row i (K ≤ i < K + M) holds 1 / (i ^ j) in column j. Every square submatrix of the
     * Cauchy part is invertible, so any K rows of the whole matrix are.
     */
    static byte[][] cauchy(int dataShards, int parityShards) {
        byte[][] matrix = new byte[dataShards + parityShards][dataShards];
        for (int i = 0; i < dataShards; i++) {
            matrix[i][i] = 1;
        }
        for (int i = dataShards; i < dataShards + parityShards; i++) {
            for (int j = 0; j < dataShards; j++) {
                matrix[i][j] = (byte) Gf256.inv(i ^ j);
            }
        }
        return matrix;
    }

    /**
     * The inverse of a square matrix, by Gauss-Jordan elimination on [matrix | identity].
     *
     * @throws IllegalArgumentException when the matrix is singular (never for rows of {@link #cauchy})
     */
    static byte[][] invert(byte[][] matrix) {
        int n = matrix.length;
        int[][] work = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                work[r][c] = matrix[r][c] & 0xff;
            }
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new IllegalArgumentException("singular " + n + "x" + n + " matrix");
            }
            int[] swap = work[pivot];
            work[pivot] = work[col];
            work[col] = swap;
            int[] row = work[col];
            int scale = Gf256.inv(row[col]);
            for (int c = 0; c < 2 * n; c++) {
                row[c] = Gf256.mul(row[c], scale);
            }
            for (int r = 0; r < n; r++) {
                int factor = work[r][col];
                if (r != col && factor != 0) {
                    int[] target = work[r];
                    for (int c = 0; c < 2 * n; c++) {
                        target[c] ^= Gf256.mul(factor, row[c]);
                    }
                }
            }
        }
        byte[][] inverse = new byte[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                inverse[r][c] = (byte) work[r][n + c];
            }
        }
        return inverse;
    }

    /** The row vector {@code row} times the matrix {@code matrix}. */
    static byte[] times(byte[] row, byte[][] matrix) {
        int columns = matrix[0].length;
        byte[] product = new byte[columns];
        for (int c = 0; c < columns; c++) {
            int sum = 0;
            for (int t = 0; t < row.length; t++) {
                sum ^= Gf256.mul(row[t] & 0xff, matrix[t][c] & 0xff);
            }
            product[c] = (byte) sum;
        }
        return product;
    }
}
