/*
 * The reference for ErasureBenchmark: ISA-L called from a plain C loop, no JVM in between.
 *
 *   isal_loop_benchmark encode|decode K M SHARD_LENGTH MILLISECONDS
 *
 * encode: ec_init_tables once for the M parity rows of gf_gen_cauchy1_matrix, then ec_encode_data in a loop.
 * decode: lose the first min(K, M) data shards, invert the rows of the first K surviving shards, ec_init_tables
 * once for the rows of the lost ones, then ec_encode_data in a loop (and check the rebuilt shards once).
 * Prints "MBps <input megabytes (10^6) per second>", input being the K shards a call reads.
 */
#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <isa-l/erasure_code.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static unsigned char *aligned(size_t size)
{
    void *memory = NULL;
    if (posix_memalign(&memory, 64, size) != 0) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return memory;
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s encode|decode K M SHARD_LENGTH MILLISECONDS\n", argv[0]);
        return 2;
    }
    int decode = strcmp(argv[1], "decode") == 0;
    int k = atoi(argv[2]);
    int m = atoi(argv[3]);
    int length = atoi(argv[4]);
    double seconds = atoi(argv[5]) / 1000.0;
    int n = k + m;
    if (k < 1 || m < 1 || n > 255 || length < 1) {
        fprintf(stderr, "bad arguments\n");
        return 2;
    }

    unsigned char *shards[255];
    srand(42);
    for (int i = 0; i < n; i++) {
        shards[i] = aligned((size_t) length);
        for (int j = 0; j < length; j++) {
            shards[i][j] = (unsigned char) rand();
        }
    }
    unsigned char *matrix = aligned((size_t) n * k);
    gf_gen_cauchy1_matrix(matrix, n, k);
    unsigned char *tables = aligned((size_t) 32 * k * m);
    ec_init_tables(k, m, matrix + (size_t) k * k, tables);
    ec_encode_data(length, k, m, tables, shards, shards + k);

    unsigned char *sources[255];
    unsigned char *targets[255];
    int rows = m;
    for (int i = 0; i < k; i++) {
        sources[i] = shards[i];
    }
    for (int i = 0; i < m; i++) {
        targets[i] = shards[k + i];
    }
    unsigned char *lost[255];
    if (decode) {
        rows = k < m ? k : m;
        unsigned char *submatrix = aligned((size_t) k * k);
        unsigned char *inverse = aligned((size_t) k * k);
        for (int r = 0; r < k; r++) {
            sources[r] = shards[rows + r];
            memcpy(submatrix + (size_t) r * k, matrix + (size_t) (rows + r) * k, (size_t) k);
        }
        if (gf_invert_matrix(submatrix, inverse, k) != 0) {
            fprintf(stderr, "singular\n");
            return 1;
        }
        ec_init_tables(k, rows, inverse, tables);
        for (int e = 0; e < rows; e++) {
            lost[e] = shards[e];
            targets[e] = aligned((size_t) length);
        }
    }

    long iterations = 0;
    double start = now();
    double elapsed;
    do {
        for (int batch = 0; batch < 8; batch++) {
            ec_encode_data(length, k, rows, tables, sources, targets);
        }
        iterations += 8;
        elapsed = now() - start;
    } while (elapsed < seconds);

    if (decode) {
        for (int e = 0; e < rows; e++) {
            if (memcmp(lost[e], targets[e], (size_t) length) != 0) {
                fprintf(stderr, "decode rebuilt shard %d wrongly\n", e);
                return 1;
            }
        }
    }
    printf("MBps %.1f\n", (double) k * length * iterations / elapsed / 1e6);
    return 0;
}
