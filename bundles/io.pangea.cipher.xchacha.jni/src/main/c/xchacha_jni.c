/*
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03) over OpenSSL libcrypto, for
 * io.pangea.cipher.xchacha.jni.internal.XChaChaNative.
 *
 * XChaCha20-Poly1305(key, nonce) = ChaCha20-Poly1305 (RFC 8439) with
 *     key   = HChaCha20(key, nonce[0..16])
 *     nonce = 00000000 || nonce[16..24]
 * HChaCha20 is written here (OpenSSL has no XChaCha); the bulk work is OpenSSL's ChaCha20-Poly1305, which has
 * AVX2/AVX-512 code paths and runs at about twice libsodium's speed on the same machine.
 *
 * Buffers reach the native side either as direct ByteBuffers (addresses) or as byte[] pinned with
 * GetPrimitiveArrayCritical; no copies are made except when the input and output partly overlap.
 */
#include <jni.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KEY_LENGTH 32
#define NONCE_LENGTH 24
#define TAG_LENGTH 16

/* Results, mirrored in XChaChaNative. */
#define RESULT_OK 0
#define RESULT_AUTHENTICATION_FAILED 1
#define RESULT_OPENSSL_FAILED 2
#define RESULT_OUT_OF_MEMORY 3

static EVP_CIPHER *chacha20_poly1305;
static const char *load_error;
static pthread_key_t context_key;
static int context_key_created;

/* ---------------------------------------------------------------------------------------------------------------
 * HChaCha20: the ChaCha20 block function on (constants, key, 16-byte nonce) without the final addition of the input,
 * returning words 0..3 and 12..15.
 */

static uint32_t load32_le(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static void store32_le(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t) v;
    p[1] = (uint8_t) (v >> 8);
    p[2] = (uint8_t) (v >> 16);
    p[3] = (uint8_t) (v >> 24);
}

#define ROTL32(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QUARTER_ROUND(a, b, c, d) \
    a += b; d ^= a; d = ROTL32(d, 16); \
    c += d; b ^= c; b = ROTL32(b, 12); \
    a += b; d ^= a; d = ROTL32(d, 8);  \
    c += d; b ^= c; b = ROTL32(b, 7)

static void hchacha20(uint8_t out[32], const uint8_t key[32], const uint8_t nonce[16]) {
    uint32_t x[16];
    x[0] = 0x61707865;
    x[1] = 0x3320646e;
    x[2] = 0x79622d32;
    x[3] = 0x6b206574;
    for (int i = 0; i < 8; i++) {
        x[4 + i] = load32_le(key + 4 * i);
    }
    for (int i = 0; i < 4; i++) {
        x[12 + i] = load32_le(nonce + 4 * i);
    }
    for (int round = 0; round < 10; round++) {
        QUARTER_ROUND(x[0], x[4], x[8], x[12]);
        QUARTER_ROUND(x[1], x[5], x[9], x[13]);
        QUARTER_ROUND(x[2], x[6], x[10], x[14]);
        QUARTER_ROUND(x[3], x[7], x[11], x[15]);
        QUARTER_ROUND(x[0], x[5], x[10], x[15]);
        QUARTER_ROUND(x[1], x[6], x[11], x[12]);
        QUARTER_ROUND(x[2], x[7], x[8], x[13]);
        QUARTER_ROUND(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 4; i++) {
        store32_le(out + 4 * i, x[i]);
        store32_le(out + 16 + 4 * i, x[12 + i]);
    }
    OPENSSL_cleanse(x, sizeof x);
}

/* ---------------------------------------------------------------------------------------------------------------
 * One EVP_CIPHER_CTX per thread, reused: creating a context and binding it to the provider's cipher costs more
 * than sealing a small segment.
 */

static void free_context(void *context) {
    EVP_CIPHER_CTX_free(context);
}

static EVP_CIPHER_CTX *thread_context(void) {
    EVP_CIPHER_CTX *context = pthread_getspecific(context_key);
    if (context == NULL) {
        context = EVP_CIPHER_CTX_new();
        if (context != NULL && pthread_setspecific(context_key, context) != 0) {
            EVP_CIPHER_CTX_free(context);
            context = NULL;
        }
    }
    return context;
}

/* Keys the context with the XChaCha20 subkey and the derived 96-bit nonce, for one message. */
static int start(EVP_CIPHER_CTX *context, const uint8_t key[KEY_LENGTH], const uint8_t nonce[NONCE_LENGTH],
                 int encrypt) {
    uint8_t subkey[32];
    uint8_t iv[12] = {0};
    hchacha20(subkey, key, nonce);
    memcpy(iv + 4, nonce + 16, 8);
    /* A context already bound to the cipher only needs the new key and nonce. */
    const EVP_CIPHER *cipher = EVP_CIPHER_CTX_get0_cipher(context) == NULL ? chacha20_poly1305 : NULL;
    int ok = EVP_CipherInit_ex2(context, cipher, subkey, iv, encrypt, NULL);
    OPENSSL_cleanse(subkey, sizeof subkey);
    return ok == 1;
}

static int seal_message(EVP_CIPHER_CTX *context, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                size_t aad_length, const uint8_t *in, size_t length, uint8_t *out) {
    int written;
    uint8_t none[TAG_LENGTH];
    if (!start(context, key, nonce, 1)) {
        return RESULT_OPENSSL_FAILED;
    }
    if (aad_length > 0 && EVP_EncryptUpdate(context, NULL, &written, aad, (int) aad_length) != 1) {
        return RESULT_OPENSSL_FAILED;
    }
    if (length > 0 && EVP_EncryptUpdate(context, out, &written, in, (int) length) != 1) {
        return RESULT_OPENSSL_FAILED;
    }
    if (EVP_EncryptFinal_ex(context, none, &written) != 1
            || EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, TAG_LENGTH, out + length) != 1) {
        return RESULT_OPENSSL_FAILED;
    }
    return RESULT_OK;
}

static int open_message(EVP_CIPHER_CTX *context, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                size_t aad_length, const uint8_t *in, size_t length, uint8_t *out) {
    int written;
    uint8_t tag[TAG_LENGTH];
    uint8_t none[TAG_LENGTH];
    memcpy(tag, in + length, TAG_LENGTH);
    if (!start(context, key, nonce, 0)) {
        return RESULT_OPENSSL_FAILED;
    }
    if (aad_length > 0 && EVP_DecryptUpdate(context, NULL, &written, aad, (int) aad_length) != 1) {
        return RESULT_OPENSSL_FAILED;
    }
    if (length > 0 && EVP_DecryptUpdate(context, out, &written, in, (int) length) != 1) {
        OPENSSL_cleanse(out, length);
        return RESULT_OPENSSL_FAILED;
    }
    if (EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, TAG_LENGTH, tag) != 1) {
        OPENSSL_cleanse(out, length);
        return RESULT_OPENSSL_FAILED;
    }
    if (EVP_DecryptFinal_ex(context, none, &written) != 1) {
        /* OpenSSL decrypts while it authenticates: nothing of an unauthenticated message may stay behind. */
        OPENSSL_cleanse(out, length);
        return RESULT_AUTHENTICATION_FAILED;
    }
    return RESULT_OK;
}

/* ---------------------------------------------------------------------------------------------------------------
 * Buffers: a direct ByteBuffer gives its address (before any critical region), a byte[] is pinned. The same array
 * may stand for several arguments (in-place sealing); it is pinned once.
 */

typedef struct {
    jbyteArray array;
    jbyte *base;
    int writes;
} pin;

typedef struct {
    pin pins[3];
    int count;
} pins;

typedef struct {
    jobject object;
    jboolean direct;
    jint offset;
    int pin_index;
    uint8_t *address;
} buffer;

static int plan(JNIEnv *env, pins *p, buffer *b, int writes) {
    if (b->object == NULL) {
        b->address = NULL;
        return 1;
    }
    if (b->direct) {
        uint8_t *base = (*env)->GetDirectBufferAddress(env, b->object);
        if (base == NULL) {
            return 0;
        }
        b->address = base + b->offset;
        return 1;
    }
    for (int i = 0; i < p->count; i++) {
        if ((*env)->IsSameObject(env, p->pins[i].array, b->object)) {
            p->pins[i].writes |= writes;
            b->pin_index = i;
            return 1;
        }
    }
    p->pins[p->count] = (pin) {(jbyteArray) b->object, NULL, writes};
    b->pin_index = p->count++;
    return 1;
}

static void unpin_all(JNIEnv *env, pins *p) {
    for (int i = p->count - 1; i >= 0; i--) {
        if (p->pins[i].base != NULL) {
            (*env)->ReleasePrimitiveArrayCritical(env, p->pins[i].array, p->pins[i].base,
                                                  p->pins[i].writes ? 0 : JNI_ABORT);
            p->pins[i].base = NULL;
        }
    }
}

/* From here to unpin_all no JNI function but the critical ones may be called. */
static int pin_all(JNIEnv *env, pins *p, buffer *buffers[], int n) {
    for (int i = 0; i < p->count; i++) {
        p->pins[i].base = (*env)->GetPrimitiveArrayCritical(env, p->pins[i].array, NULL);
        if (p->pins[i].base == NULL) {
            unpin_all(env, p);
            return 0;
        }
    }
    for (int i = 0; i < n; i++) {
        if (buffers[i]->object != NULL && !buffers[i]->direct) {
            buffers[i]->address = (uint8_t *) p->pins[buffers[i]->pin_index].base + buffers[i]->offset;
        }
    }
    return 1;
}

typedef int (*operation)(EVP_CIPHER_CTX *, const uint8_t *, const uint8_t *, const uint8_t *, size_t,
                         const uint8_t *, size_t, uint8_t *);

static jint run(JNIEnv *env, operation op, jbyteArray key, jbyteArray nonce,
                jobject aad, jboolean aad_direct, jint aad_offset, jint aad_length,
                jobject in, jboolean in_direct, jint in_offset, jint in_length,
                jobject out, jboolean out_direct, jint out_offset, jint out_length) {
    uint8_t key_bytes[KEY_LENGTH];
    uint8_t nonce_bytes[NONCE_LENGTH];
    (*env)->GetByteArrayRegion(env, key, 0, KEY_LENGTH, (jbyte *) key_bytes);
    (*env)->GetByteArrayRegion(env, nonce, 0, NONCE_LENGTH, (jbyte *) nonce_bytes);
    if ((*env)->ExceptionCheck(env)) {
        OPENSSL_cleanse(key_bytes, sizeof key_bytes);
        return RESULT_OPENSSL_FAILED;
    }
    EVP_CIPHER_CTX *context = thread_context();
    if (context == NULL) {
        OPENSSL_cleanse(key_bytes, sizeof key_bytes);
        return RESULT_OUT_OF_MEMORY;
    }

    buffer a = {aad, aad_direct, aad_offset, -1, NULL};
    buffer i = {in, in_direct, in_offset, -1, NULL};
    buffer o = {out, out_direct, out_offset, -1, NULL};
    buffer *all[] = {&a, &i, &o};
    pins p = {.count = 0};
    if (!plan(env, &p, &a, 0) || !plan(env, &p, &i, 0) || !plan(env, &p, &o, 1)) {
        OPENSSL_cleanse(key_bytes, sizeof key_bytes);
        return RESULT_OPENSSL_FAILED;
    }
    if (!pin_all(env, &p, all, 3)) {
        OPENSSL_cleanse(key_bytes, sizeof key_bytes);
        return RESULT_OUT_OF_MEMORY;
    }

    /* OpenSSL works in place or on disjoint ranges; a partly overlapping input is copied first. */
    const uint8_t *source = i.address;
    uint8_t *copy = NULL;
    uintptr_t from = (uintptr_t) i.address;
    uintptr_t to = (uintptr_t) o.address;
    if (in_length > 0 && from != to && from < to + (uintptr_t) out_length && to < from + (uintptr_t) in_length) {
        copy = malloc((size_t) in_length);
        if (copy == NULL) {
            unpin_all(env, &p);
            OPENSSL_cleanse(key_bytes, sizeof key_bytes);
            return RESULT_OUT_OF_MEMORY;
        }
        memcpy(copy, i.address, (size_t) in_length);
        source = copy;
    }
    size_t message_length = op == seal_message ? (size_t) in_length : (size_t) out_length;
    int result = op(context, key_bytes, nonce_bytes, a.address, (size_t) aad_length, source, message_length,
                    o.address);
    free(copy);
    unpin_all(env, &p);
    OPENSSL_cleanse(key_bytes, sizeof key_bytes);
    return result;
}

/* ---------------------------------------------------------------------------------------------------------------
 * JNI entry points.
 */

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) vm;
    (void) reserved;
    if (pthread_key_create(&context_key, free_context) != 0) {
        load_error = "no thread-local slot for the cipher contexts";
    } else {
        context_key_created = 1;
        chacha20_poly1305 = EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
        if (chacha20_poly1305 == NULL) {
            load_error = "OpenSSL offers no ChaCha20-Poly1305 (a FIPS-only configuration?)";
        }
    }
    return JNI_VERSION_1_8;
}

JNIEXPORT void JNICALL JNI_OnUnload(JavaVM *vm, void *reserved) {
    (void) vm;
    (void) reserved;
    /* The contexts of threads still alive are left behind: their destructor would run code being unloaded. */
    if (context_key_created) {
        pthread_key_delete(context_key);
        context_key_created = 0;
    }
    EVP_CIPHER_free(chacha20_poly1305);
    chacha20_poly1305 = NULL;
}

JNIEXPORT jstring JNICALL Java_io_pangea_cipher_xchacha_jni_internal_XChaChaNative_loadError(JNIEnv *env,
                                                                                          jclass type) {
    (void) type;
    return load_error == NULL ? NULL : (*env)->NewStringUTF(env, load_error);
}

JNIEXPORT jstring JNICALL Java_io_pangea_cipher_xchacha_jni_internal_XChaChaNative_openSslVersion(JNIEnv *env,
                                                                                               jclass type) {
    (void) type;
    return (*env)->NewStringUTF(env, OpenSSL_version(OPENSSL_VERSION));
}

JNIEXPORT jint JNICALL Java_io_pangea_cipher_xchacha_jni_internal_XChaChaNative_seal(
        JNIEnv *env, jclass type, jbyteArray key, jbyteArray nonce,
        jobject aad, jboolean aad_direct, jint aad_offset, jint aad_length,
        jobject in, jboolean in_direct, jint in_offset, jint in_length,
        jobject out, jboolean out_direct, jint out_offset) {
    (void) type;
    return run(env, seal_message, key, nonce, aad, aad_direct, aad_offset, aad_length, in, in_direct, in_offset, in_length,
               out, out_direct, out_offset, in_length + TAG_LENGTH);
}

JNIEXPORT jint JNICALL Java_io_pangea_cipher_xchacha_jni_internal_XChaChaNative_open(
        JNIEnv *env, jclass type, jbyteArray key, jbyteArray nonce,
        jobject aad, jboolean aad_direct, jint aad_offset, jint aad_length,
        jobject in, jboolean in_direct, jint in_offset, jint in_length,
        jobject out, jboolean out_direct, jint out_offset) {
    (void) type;
    return run(env, open_message, key, nonce, aad, aad_direct, aad_offset, aad_length, in, in_direct, in_offset, in_length,
               out, out_direct, out_offset, in_length - TAG_LENGTH);
}

JNIEXPORT jbyteArray JNICALL Java_io_pangea_cipher_xchacha_jni_internal_XChaChaNative_hChaCha20(
        JNIEnv *env, jclass type, jbyteArray key, jbyteArray nonce) {
    (void) type;
    uint8_t key_bytes[32];
    uint8_t nonce_bytes[16];
    uint8_t out[32];
    (*env)->GetByteArrayRegion(env, key, 0, 32, (jbyte *) key_bytes);
    (*env)->GetByteArrayRegion(env, nonce, 0, 16, (jbyte *) nonce_bytes);
    if ((*env)->ExceptionCheck(env)) {
        return NULL;
    }
    hchacha20(out, key_bytes, nonce_bytes);
    OPENSSL_cleanse(key_bytes, sizeof key_bytes);
    jbyteArray result = (*env)->NewByteArray(env, 32);
    if (result != NULL) {
        (*env)->SetByteArrayRegion(env, result, 0, 32, (jbyte *) out);
    }
    OPENSSL_cleanse(out, sizeof out);
    return result;
}
