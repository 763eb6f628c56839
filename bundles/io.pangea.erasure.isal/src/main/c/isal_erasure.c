/*
 * JNI glue between io.pangea.erasure.isal.internal.IsalNative and ISA-L's erasure code.
 *
 * The Java side owns every buffer: the expanded tables live in direct ByteBuffers it caches, and shards are
 * either direct ByteBuffers (addressed in place) or byte arrays (pinned with GetPrimitiveArrayCritical for the
 * length of one ec_encode_data call, which copies nothing). Offsets and lengths are checked in Java.
 */
#include <jni.h>
#include <stdlib.h>
#include <string.h>
#include <isa-l/erasure_code.h>

#define MAX_SHARDS 255

static void throw_new(JNIEnv *env, const char *class_name, const char *message)
{
    jclass type = (*env)->FindClass(env, class_name);
    if (type != NULL) {
        (*env)->ThrowNew(env, type, message);
    }
}

static unsigned char *table_address(JNIEnv *env, jobject tables, jlong needed)
{
    unsigned char *address = (*env)->GetDirectBufferAddress(env, tables);
    if (address == NULL || (*env)->GetDirectBufferCapacity(env, tables) < needed) {
        throw_new(env, "java/lang/IllegalArgumentException", "tables must be a direct buffer of 32 * K * rows bytes");
        return NULL;
    }
    return address;
}

/* The K + M rows of gf_gen_cauchy1_matrix, or NULL with OutOfMemoryError pending. */
static unsigned char *cauchy_matrix(JNIEnv *env, jint k, jint m)
{
    unsigned char *matrix = malloc((size_t) (k + m) * (size_t) k);
    if (matrix == NULL) {
        throw_new(env, "java/lang/OutOfMemoryError", "no memory for the encoding matrix");
        return NULL;
    }
    gf_gen_cauchy1_matrix(matrix, k + m, k);
    return matrix;
}

JNIEXPORT void JNICALL Java_io_pangea_erasure_isal_internal_IsalNative_encodingTables(
        JNIEnv *env, jclass type, jint k, jint m, jobject tables)
{
    (void) type;
    unsigned char *g_tbls = table_address(env, tables, 32L * k * m);
    if (g_tbls == NULL) {
        return;
    }
    unsigned char *matrix = cauchy_matrix(env, k, m);
    if (matrix == NULL) {
        return;
    }
    ec_init_tables(k, m, matrix + (size_t) k * k, g_tbls);
    free(matrix);
}

/*
 * Tables that rebuild the shards not marked present from the first K present ones: invert those K rows of
 * the encoding matrix; a missing data shard's row is the inverse's row, a missing parity shard's row is its
 * encoding row times the inverse. Returns JNI_FALSE if the submatrix is singular (never for a Cauchy code).
 */
JNIEXPORT jboolean JNICALL Java_io_pangea_erasure_isal_internal_IsalNative_decodingTables(
        JNIEnv *env, jclass type, jint k, jint m, jbooleanArray presentMarks, jobject tables)
{
    (void) type;
    jint n = k + m;
    jboolean present[MAX_SHARDS];
    (*env)->GetBooleanArrayRegion(env, presentMarks, 0, n, present);
    if ((*env)->ExceptionCheck(env)) {
        return JNI_FALSE;
    }
    int chosen[MAX_SHARDS];
    int erased[MAX_SHARDS];
    int chosen_count = 0;
    int erased_count = 0;
    for (int i = 0; i < n; i++) {
        if (!present[i]) {
            erased[erased_count++] = i;
        } else if (chosen_count < k) {
            chosen[chosen_count++] = i;
        }
    }
    unsigned char *g_tbls = table_address(env, tables, 32L * k * erased_count);
    if (g_tbls == NULL) {
        return JNI_FALSE;
    }
    unsigned char *matrix = cauchy_matrix(env, k, m);
    if (matrix == NULL) {
        return JNI_FALSE;
    }
    size_t square = (size_t) k * k;
    unsigned char *work = malloc(square * 2 + (size_t) erased_count * k);
    if (work == NULL) {
        free(matrix);
        throw_new(env, "java/lang/OutOfMemoryError", "no memory for the decoding matrix");
        return JNI_FALSE;
    }
    unsigned char *submatrix = work;
    unsigned char *inverse = work + square;
    unsigned char *rows = work + 2 * square;
    for (int r = 0; r < k; r++) {
        memcpy(submatrix + (size_t) r * k, matrix + (size_t) chosen[r] * k, (size_t) k);
    }
    jboolean ok = gf_invert_matrix(submatrix, inverse, k) == 0 ? JNI_TRUE : JNI_FALSE;
    if (ok) {
        for (int e = 0; e < erased_count; e++) {
            unsigned char *row = rows + (size_t) e * k;
            if (erased[e] < k) {
                memcpy(row, inverse + (size_t) erased[e] * k, (size_t) k);
            } else {
                const unsigned char *encoding = matrix + (size_t) erased[e] * k;
                for (int j = 0; j < k; j++) {
                    unsigned char sum = 0;
                    for (int t = 0; t < k; t++) {
                        sum ^= gf_mul(encoding[t], inverse[(size_t) t * k + j]);
                    }
                    row[j] = sum;
                }
            }
        }
        ec_init_tables(k, erased_count, rows, g_tbls);
    }
    free(work);
    free(matrix);
    return ok;
}

/*
 * targets[r] = sum over d of coefficient(r, d) * sources[d], over length bytes, with the tables from above.
 * Every element is a direct ByteBuffer or a byte[], at the given offset.
 */
JNIEXPORT void JNICALL Java_io_pangea_erasure_isal_internal_IsalNative_multiply(
        JNIEnv *env, jclass type, jint length, jint k, jint rows, jobject tables,
        jobjectArray sources, jintArray sourceOffsets, jobjectArray targets, jintArray targetOffsets)
{
    (void) type;
    jint n = k + rows;
    unsigned char *g_tbls = table_address(env, tables, 32L * k * rows);
    if (g_tbls == NULL) {
        return;
    }
    jint offsets[MAX_SHARDS];
    (*env)->GetIntArrayRegion(env, sourceOffsets, 0, k, offsets);
    (*env)->GetIntArrayRegion(env, targetOffsets, 0, rows, offsets + k);
    if ((*env)->ExceptionCheck(env) || (*env)->EnsureLocalCapacity(env, n + 4) != 0) {
        return;
    }
    jobject refs[MAX_SHARDS];
    unsigned char *pointers[MAX_SHARDS];
    jboolean pinned[MAX_SHARDS];
    /* Everything that is a JNI call goes before the first critical section. */
    for (int i = 0; i < n; i++) {
        refs[i] = i < k ? (*env)->GetObjectArrayElement(env, sources, i)
                        : (*env)->GetObjectArrayElement(env, targets, i - k);
        if (refs[i] == NULL) {
            throw_new(env, "java/lang/NullPointerException", "shard buffer is null");
            return;
        }
        unsigned char *address = (*env)->GetDirectBufferAddress(env, refs[i]);
        pinned[i] = address == NULL;
        pointers[i] = address == NULL ? NULL : address + offsets[i];
    }
    int held = 0;
    for (; held < n; held++) {
        if (pinned[held]) {
            unsigned char *array = (*env)->GetPrimitiveArrayCritical(env, refs[held], NULL);
            if (array == NULL) {
                break;
            }
            pointers[held] = array + offsets[held];
        }
    }
    if (held == n) {
        ec_encode_data(length, k, rows, g_tbls, pointers, pointers + k);
    }
    for (int i = held - 1; i >= 0; i--) {
        if (pinned[i]) {
            (*env)->ReleasePrimitiveArrayCritical(env, refs[i], pointers[i] - offsets[i], i < k ? JNI_ABORT : 0);
        }
    }
    if (held < n && !(*env)->ExceptionCheck(env)) {
        throw_new(env, "java/lang/OutOfMemoryError", "could not pin a shard array");
    }
}
