/*
 * JNI glue of the io_uring storage engine: one ring per engine, driven from Java.
 *
 * Java describes a batch of operations in a direct buffer of 64-byte descriptors (layout: struct descriptor,
 * mirrored by Ring.java); submit() turns them into SQEs and hands them all to the kernel with one
 * io_uring_submit. reap() blocks for at least one completion and copies every available CQE into a direct
 * buffer of 16-byte completions. Submission (under a Java lock) and reaping (one completion thread) use the SQ
 * and the CQ respectively and so may run at the same time. Errors are returned as negative errno values.
 */
#include <jni.h>
#include <liburing.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

enum operation {
    OP_NOP = 0, OP_OPEN = 1, OP_READ = 2, OP_WRITE = 3, OP_WRITEV = 4, OP_FSYNC = 5, OP_CLOSE = 6,
    OP_RENAME = 7, OP_UNLINK = 8, OP_MKDIR = 9, OP_OPEN_DIRECT = 10, OP_CLOSE_DIRECT = 11
};

/* Flags as Java names them, translated here so that Java needs no architecture's O_* values. */
enum flag {
    F_READ = 1, F_WRITE_NEW = 2, F_WRITE = 4, F_DIRECT = 8, F_DIRECTORY = 16, F_DATASYNC = 32, F_LINK = 64,
    F_REMOVEDIR = 128, F_FIXED = 256, F_SKIP_SUCCESS = 512
};

struct descriptor {
    int32_t op;
    int32_t fd;
    int64_t address;  /* buffer, path, or iovec array */
    int64_t address2; /* second path (rename) */
    int64_t offset;
    int32_t length;   /* bytes, iovec count, or file mode */
    int32_t flags;
    int64_t user_data;
    int32_t chain;    /* on the first SQE of a linked chain: its length, which must reach the kernel whole */
    int32_t reserved[3];
};
_Static_assert(sizeof(struct descriptor) == 64, "descriptor layout is shared with Java");

struct completion {
    int64_t user_data;
    int32_t result;
    int32_t flags;
};
_Static_assert(sizeof(struct completion) == 16, "completion layout is shared with Java");

static struct io_uring *ring_of(jlong ring) {
    return (struct io_uring *) (intptr_t) ring;
}

static int open_flags(int32_t flags) {
    int result = O_CLOEXEC;
    if (flags & F_WRITE_NEW) {
        result |= O_WRONLY | O_CREAT | O_EXCL;
    } else if (flags & F_WRITE) {
        result |= O_WRONLY;
    } else {
        result |= O_RDONLY;
    }
    if (flags & F_DIRECT) {
        result |= O_DIRECT;
    }
    if (flags & F_DIRECTORY) {
        result |= O_DIRECTORY;
    }
    return result;
}

static void prepare(struct io_uring_sqe *sqe, const struct descriptor *d) {
    void *address = (void *) (intptr_t) d->address;
    switch (d->op) {
    case OP_OPEN:
        io_uring_prep_openat(sqe, AT_FDCWD, address, open_flags(d->flags), (mode_t) d->length);
        break;
    case OP_READ:
        io_uring_prep_read(sqe, d->fd, address, (unsigned) d->length, (uint64_t) d->offset);
        break;
    case OP_WRITE:
        io_uring_prep_write(sqe, d->fd, address, (unsigned) d->length, (uint64_t) d->offset);
        break;
    case OP_WRITEV:
        io_uring_prep_writev(sqe, d->fd, address, (unsigned) d->length, (uint64_t) d->offset);
        break;
    case OP_FSYNC:
        io_uring_prep_fsync(sqe, d->fd, (d->flags & F_DATASYNC) ? IORING_FSYNC_DATASYNC : 0);
        break;
    case OP_CLOSE:
        io_uring_prep_close(sqe, d->fd);
        break;
    case OP_RENAME:
        io_uring_prep_renameat(sqe, AT_FDCWD, address, AT_FDCWD, (const char *) (intptr_t) d->address2, 0);
        break;
    case OP_UNLINK:
        io_uring_prep_unlinkat(sqe, AT_FDCWD, address, (d->flags & F_REMOVEDIR) ? AT_REMOVEDIR : 0);
        break;
    case OP_OPEN_DIRECT:
        /* A direct descriptor is no process descriptor: O_CLOEXEC means nothing to it, and the kernel refuses it. */
        io_uring_prep_openat_direct(sqe, AT_FDCWD, address, open_flags(d->flags) & ~O_CLOEXEC, (mode_t) d->length,
                (unsigned) d->fd);
        break;
    case OP_CLOSE_DIRECT:
        io_uring_prep_close_direct(sqe, (unsigned) d->fd);
        break;
    case OP_MKDIR:
        io_uring_prep_mkdirat(sqe, AT_FDCWD, address, (mode_t) d->length);
        break;
    default:
        io_uring_prep_nop(sqe);
        break;
    }
    if (d->flags & F_LINK) {
        sqe->flags |= IOSQE_IO_LINK;
    }
    if (d->flags & F_FIXED) {
        sqe->flags |= IOSQE_FIXED_FILE;
    }
    if (d->flags & F_SKIP_SUCCESS) {
        sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
    }
    io_uring_sqe_set_data64(sqe, (uint64_t) d->user_data);
}

static int submit_all(struct io_uring *ring) {
    int result;
    do {
        result = io_uring_submit(ring);
    } while (result == -EINTR);
    return result;
}

/* A ring with entries SQEs and cq_entries CQEs: its address, or -errno. */
JNIEXPORT jlong JNICALL Java_io_pangea_storage_uring_internal_NativeRing_create(JNIEnv *env, jclass type,
        jint entries, jint cq_entries) {
    (void) env;
    (void) type;
    struct io_uring *ring = calloc(1, sizeof(*ring));
    if (ring == NULL) {
        return -ENOMEM;
    }
    struct io_uring_params params;
    memset(&params, 0, sizeof(params));
    params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP | IORING_SETUP_SUBMIT_ALL;
    params.cq_entries = (unsigned) cq_entries;
    int result = io_uring_queue_init_params((unsigned) entries, ring, &params);
    if (result == -EINVAL) {
        /* Kernels before 5.18 know no SUBMIT_ALL. */
        memset(&params, 0, sizeof(params));
        params.flags = IORING_SETUP_CQSIZE | IORING_SETUP_CLAMP;
        params.cq_entries = (unsigned) cq_entries;
        result = io_uring_queue_init_params((unsigned) entries, ring, &params);
    }
    if (result < 0) {
        free(ring);
        return result;
    }
    return (jlong) (intptr_t) ring;
}

/* A table of count direct descriptors for openat_direct / IOSQE_FIXED_FILE: 0, or -errno. */
JNIEXPORT jint JNICALL Java_io_pangea_storage_uring_internal_NativeRing_registerFiles(JNIEnv *env, jclass type,
        jlong ring, jint count) {
    (void) env;
    (void) type;
    return io_uring_register_files_sparse(ring_of(ring), (unsigned) count);
}

/* The IORING_FEAT_* bits the kernel reported for the ring. */
JNIEXPORT jint JNICALL Java_io_pangea_storage_uring_internal_NativeRing_features(JNIEnv *env, jclass type,
        jlong ring) {
    (void) env;
    (void) type;
    return (jint) ring_of(ring)->features;
}

JNIEXPORT void JNICALL Java_io_pangea_storage_uring_internal_NativeRing_destroy(JNIEnv *env, jclass type,
        jlong ring) {
    (void) env;
    (void) type;
    io_uring_queue_exit(ring_of(ring));
    free(ring_of(ring));
}

/*
 * Queues count descriptors as SQEs and submits them. A linked chain goes into the SQ whole or waits: when the SQ
 * has no room for it even after submitting what is queued, the descriptors from there on are left to Java.
 * Returns the number of descriptors taken in the high 32 bits and io_uring_submit's result (>= 0, or -errno;
 * the SQEs stay queued for the next submission then) in the low 32 bits.
 */
JNIEXPORT jlong JNICALL Java_io_pangea_storage_uring_internal_NativeRing_submit(JNIEnv *env, jclass type,
        jlong ring, jlong descriptors, jint count) {
    (void) env;
    (void) type;
    struct io_uring *r = ring_of(ring);
    const struct descriptor *d = (const struct descriptor *) (intptr_t) descriptors;
    int taken = 0;
    int submitted = 0;
    while (taken < count) {
        unsigned needed = d[taken].chain > 1 ? (unsigned) d[taken].chain : 1;
        if (io_uring_sq_space_left(r) < needed) {
            int result = submit_all(r);
            if (result < 0 || io_uring_sq_space_left(r) < needed) {
                break;
            }
            submitted += result;
        }
        for (unsigned i = 0; i < needed && taken < count; i++, taken++) {
            prepare(io_uring_get_sqe(r), &d[taken]);
        }
    }
    int result = submit_all(r);
    if (result >= 0) {
        result += submitted;
    }
    return ((jlong) taken << 32) | (jlong) (uint32_t) result;
}

/*
 * Waits for at least one completion, at most timeout_millis when > 0 (the caller checks IORING_FEAT_EXT_ARG: without
 * it liburing would queue a timeout SQE, and the SQ belongs to the submitting threads), then copies up to max of
 * them: the count, 0 when the time ran out, or -errno.
 */
JNIEXPORT jint JNICALL Java_io_pangea_storage_uring_internal_NativeRing_reap(JNIEnv *env, jclass type,
        jlong ring, jlong completions, jint max, jint timeout_millis) {
    (void) env;
    (void) type;
    struct io_uring *r = ring_of(ring);
    struct completion *out = (struct completion *) (intptr_t) completions;
    struct io_uring_cqe *cqe;
    int result;
    if (timeout_millis > 0) {
        struct __kernel_timespec timeout = {
            .tv_sec = timeout_millis / 1000, .tv_nsec = (long long) (timeout_millis % 1000) * 1000000
        };
        result = io_uring_wait_cqe_timeout(r, &cqe, &timeout);
        if (result == -ETIME || result == -EINTR) {
            return 0;
        }
    } else {
        do {
            result = io_uring_wait_cqe(r, &cqe);
        } while (result == -EINTR || result == -EAGAIN);
    }
    if (result < 0) {
        return result;
    }
    unsigned head;
    int count = 0;
    io_uring_for_each_cqe(r, head, cqe) {
        if (count == max) {
            break;
        }
        out[count].user_data = (int64_t) io_uring_cqe_get_data64(cqe);
        out[count].result = cqe->res;
        out[count].flags = (int32_t) cqe->flags;
        count++;
    }
    io_uring_cq_advance(r, (unsigned) count);
    return count;
}

JNIEXPORT jlong JNICALL Java_io_pangea_storage_uring_internal_NativeRing_address(JNIEnv *env, jclass type,
        jobject buffer) {
    (void) type;
    return (jlong) (intptr_t) (*env)->GetDirectBufferAddress(env, buffer);
}

JNIEXPORT jstring JNICALL Java_io_pangea_storage_uring_internal_NativeRing_strerror(JNIEnv *env, jclass type,
        jint error) {
    (void) type;
    char text[256];
    /* GNU strerror_r (with _GNU_SOURCE): returns the message, in text or static storage. */
    const char *message = strerror_r(error, text, sizeof(text));
    return (*env)->NewStringUTF(env, message);
}
