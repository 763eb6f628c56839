/*
 * JNI glue over libbpf (io.pangea.bpf.internal.Libbpf). Every function checks what Java hands it (array
 * lengths against the sizes the kernel will read or write) and reports failures as io.pangea.bpf.BpfException
 * carrying errno and its text; nothing here aborts the JVM. libbpf's own messages are captured per thread, and
 * the tail of them (the verifier's log when a program is refused) goes into the exception of a failed load.
 */
#include <jni.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if.h>

#define LOG_CAPACITY 16384
#define MESSAGE_CAPACITY (LOG_CAPACITY + 1024)

/* An opened object and the ELF bytes libbpf parses in place until the object is closed. */
struct handle {
    struct bpf_object *object;
    void *elf;
};

static _Thread_local char log_text[LOG_CAPACITY];
static _Thread_local size_t log_length;

static int capture(enum libbpf_print_level level, const char *format, va_list arguments)
{
    if (level == LIBBPF_DEBUG) {
        return 0;
    }
    char line[2048];
    int length = vsnprintf(line, sizeof(line), format, arguments);
    if (length <= 0) {
        return 0;
    }
    size_t n = (size_t)length < sizeof(line) ? (size_t)length : sizeof(line) - 1;
    if (n >= LOG_CAPACITY) {
        n = LOG_CAPACITY - 1;
    }
    /* Keep the tail: the verifier states why it refused at the end of its log. */
    if (log_length + n >= LOG_CAPACITY) {
        size_t drop = log_length + n - (LOG_CAPACITY - 1);
        memmove(log_text, log_text + drop, log_length - drop);
        log_length -= drop;
    }
    memcpy(log_text + log_length, line, n);
    log_length += n;
    log_text[log_length] = '\0';
    return 0;
}

static void clear_log(void)
{
    log_length = 0;
    log_text[0] = '\0';
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)vm;
    (void)reserved;
    libbpf_set_print(capture);
    return JNI_VERSION_1_8;
}

static void throw_class(JNIEnv *env, const char *class_name, const char *message)
{
    jclass type = (*env)->FindClass(env, class_name);
    if (type != NULL) {
        (*env)->ThrowNew(env, type, message);
    }
}

/* Throws BpfException(message, errno); with_log appends what libbpf said since clear_log(). */
static void throw_bpf(JNIEnv *env, int error, int with_log, const char *format, ...)
{
    static _Thread_local char message[MESSAGE_CAPACITY];
    char what[512];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(what, sizeof(what), format, arguments);
    va_end(arguments);
    if (error < 0) {
        error = -error;
    }
    char reason[256];
    const char *text = strerror_r(error, reason, sizeof(reason));
    int length = snprintf(message, sizeof(message), "%s: %s (errno %d)", what, text, error);
    if (with_log && log_length > 0 && length > 0 && (size_t)length < sizeof(message)) {
        snprintf(message + length, sizeof(message) - (size_t)length, "\nlibbpf:\n%s", log_text);
    }
    jclass type = (*env)->FindClass(env, "io/pangea/bpf/BpfException");
    if (type == NULL) {
        return;
    }
    jmethodID constructor = (*env)->GetMethodID(env, type, "<init>", "(Ljava/lang/String;I)V");
    if (constructor == NULL) {
        return;
    }
    jstring text_object = (*env)->NewStringUTF(env, message);
    if (text_object == NULL) {
        return;
    }
    jobject exception = (*env)->NewObject(env, type, constructor, text_object, (jint)error);
    if (exception != NULL) {
        (*env)->Throw(env, (jthrowable)exception);
    }
}

static struct handle *handle_of(jlong pointer)
{
    return (struct handle *)(intptr_t)pointer;
}

/* Copies a Java string into buffer; 0 when it does not fit (and an exception is pending). */
static int copy_string(JNIEnv *env, jstring string, char *buffer, size_t capacity)
{
    if (string == NULL) {
        throw_class(env, "java/lang/NullPointerException", "name");
        return 0;
    }
    jsize length = (*env)->GetStringUTFLength(env, string);
    if ((size_t)length >= capacity) {
        throw_class(env, "java/lang/IllegalArgumentException", "name too long");
        return 0;
    }
    (*env)->GetStringUTFRegion(env, string, 0, (*env)->GetStringLength(env, string), buffer);
    buffer[length] = '\0';
    return 1;
}

/* 1 when array holds exactly size bytes; else an IllegalArgumentException is pending. */
static int check_length(JNIEnv *env, jbyteArray array, jint size, const char *what)
{
    if (array == NULL) {
        throw_class(env, "java/lang/NullPointerException", what);
        return 0;
    }
    if ((*env)->GetArrayLength(env, array) != size || size <= 0) {
        char message[128];
        snprintf(message, sizeof(message), "%s must be %d bytes, not %d", what, (int)size,
                 (int)(*env)->GetArrayLength(env, array));
        throw_class(env, "java/lang/IllegalArgumentException", message);
        return 0;
    }
    return 1;
}

JNIEXPORT jstring JNICALL Java_io_pangea_bpf_internal_Libbpf_version(JNIEnv *env, jclass type)
{
    (void)type;
    return (*env)->NewStringUTF(env, libbpf_version_string());
}

JNIEXPORT jint JNICALL Java_io_pangea_bpf_internal_Libbpf_possibleCpus(JNIEnv *env, jclass type)
{
    (void)type;
    int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) {
        throw_bpf(env, cpus, 0, "could not read the possible CPUs");
        return 0;
    }
    return cpus;
}

JNIEXPORT jlong JNICALL Java_io_pangea_bpf_internal_Libbpf_open(JNIEnv *env, jclass type, jbyteArray elf,
                                                                 jstring name)
{
    (void)type;
    char object_name[256];
    if (!copy_string(env, name, object_name, sizeof(object_name))) {
        return 0;
    }
    if (elf == NULL) {
        throw_class(env, "java/lang/NullPointerException", "elf");
        return 0;
    }
    jsize size = (*env)->GetArrayLength(env, elf);
    struct handle *handle = calloc(1, sizeof(*handle));
    void *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (handle == NULL || bytes == NULL) {
        free(handle);
        free(bytes);
        throw_bpf(env, ENOMEM, 0, "could not open bpf object '%s'", object_name);
        return 0;
    }
    (*env)->GetByteArrayRegion(env, elf, 0, size, bytes);
    clear_log();
    LIBBPF_OPTS(bpf_object_open_opts, options, .object_name = object_name);
    struct bpf_object *object = bpf_object__open_mem(bytes, (size_t)size, &options);
    if (object == NULL) {
        int error = errno;
        free(bytes);
        free(handle);
        throw_bpf(env, error, 1, "could not open bpf object '%s'", object_name);
        return 0;
    }
    handle->object = object;
    handle->elf = bytes;
    return (jlong)(intptr_t)handle;
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_close(JNIEnv *env, jclass type, jlong pointer)
{
    (void)env;
    (void)type;
    struct handle *handle = handle_of(pointer);
    if (handle == NULL) {
        return;
    }
    bpf_object__close(handle->object);
    free(handle->elf);
    free(handle);
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_load(JNIEnv *env, jclass type, jlong pointer)
{
    (void)type;
    struct handle *handle = handle_of(pointer);
    clear_log();
    int result = bpf_object__load(handle->object);
    if (result < 0) {
        throw_bpf(env, result, 1, "could not load bpf object '%s'", bpf_object__name(handle->object));
    }
}

/* Finds a variable of the .rodata section in the object's BTF: 0 with offset and size, or -errno. */
static int find_rodata_variable(struct bpf_object *object, const char *variable, __u32 *offset, __u32 *size)
{
    struct btf *btf = bpf_object__btf(object);
    if (btf == NULL) {
        return -ENODATA;
    }
    int section = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
    if (section < 0) {
        return -ENOENT;
    }
    const struct btf_type *datasec = btf__type_by_id(btf, (__u32)section);
    const struct btf_var_secinfo *info = btf_var_secinfos(datasec);
    for (int i = 0; i < btf_vlen(datasec); i++, info++) {
        const struct btf_type *var = btf__type_by_id(btf, info->type);
        const char *name = btf__name_by_offset(btf, var->name_off);
        if (name != NULL && strcmp(name, variable) == 0) {
            *offset = info->offset;
            *size = info->size;
            return 0;
        }
    }
    return -ENOENT;
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_setReadOnly(JNIEnv *env, jclass type, jlong pointer,
                                                                       jstring name, jbyteArray value)
{
    (void)type;
    struct handle *handle = handle_of(pointer);
    char variable[256];
    if (!copy_string(env, name, variable, sizeof(variable))) {
        return;
    }
    const char *object_name = bpf_object__name(handle->object);
    struct bpf_map *rodata = bpf_object__find_map_by_name(handle->object, ".rodata");
    if (rodata == NULL) {
        throw_bpf(env, ENOENT, 0, "bpf object '%s' has no .rodata", object_name);
        return;
    }
    __u32 offset = 0;
    __u32 size = 0;
    int found = find_rodata_variable(handle->object, variable, &offset, &size);
    if (found < 0) {
        throw_bpf(env, found, 0, "bpf object '%s' has no read-only variable '%s'", object_name, variable);
        return;
    }
    if (!check_length(env, value, (jint)size, variable)) {
        return;
    }
    size_t section_size = 0;
    const void *initial = bpf_map__initial_value(rodata, &section_size);
    if (initial == NULL || (size_t)offset + size > section_size) {
        throw_bpf(env, EINVAL, 0, "read-only variable '%s' of '%s' lies outside .rodata", variable, object_name);
        return;
    }
    void *copy = malloc(section_size);
    if (copy == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not set '%s' of '%s'", variable, object_name);
        return;
    }
    memcpy(copy, initial, section_size);
    (*env)->GetByteArrayRegion(env, value, 0, (jsize)size, (jbyte *)copy + offset);
    int result = bpf_map__set_initial_value(rodata, copy, section_size);
    free(copy);
    if (result < 0) {
        throw_bpf(env, result, 0, "could not set '%s' of '%s' (only before load)", variable, object_name);
    }
}

static jobjectArray names(JNIEnv *env, jlong pointer, int maps)
{
    struct handle *handle = handle_of(pointer);
    int count = 0;
    if (maps) {
        struct bpf_map *map;
        bpf_object__for_each_map(map, handle->object) count++;
    } else {
        struct bpf_program *program;
        bpf_object__for_each_program(program, handle->object) count++;
    }
    jclass string_type = (*env)->FindClass(env, "java/lang/String");
    if (string_type == NULL) {
        return NULL;
    }
    jobjectArray result = (*env)->NewObjectArray(env, count, string_type, NULL);
    if (result == NULL) {
        return NULL;
    }
    int i = 0;
    if (maps) {
        struct bpf_map *map;
        bpf_object__for_each_map(map, handle->object) {
            jstring name = (*env)->NewStringUTF(env, bpf_map__name(map));
            if (name == NULL) {
                return NULL;
            }
            (*env)->SetObjectArrayElement(env, result, i++, name);
            (*env)->DeleteLocalRef(env, name);
        }
    } else {
        struct bpf_program *program;
        bpf_object__for_each_program(program, handle->object) {
            jstring name = (*env)->NewStringUTF(env, bpf_program__name(program));
            if (name == NULL) {
                return NULL;
            }
            (*env)->SetObjectArrayElement(env, result, i++, name);
            (*env)->DeleteLocalRef(env, name);
        }
    }
    return result;
}

JNIEXPORT jobjectArray JNICALL Java_io_pangea_bpf_internal_Libbpf_mapNames(JNIEnv *env, jclass type, jlong pointer)
{
    (void)type;
    return names(env, pointer, 1);
}

JNIEXPORT jobjectArray JNICALL Java_io_pangea_bpf_internal_Libbpf_programNames(JNIEnv *env, jclass type,
                                                                                jlong pointer)
{
    (void)type;
    return names(env, pointer, 0);
}

JNIEXPORT jlong JNICALL Java_io_pangea_bpf_internal_Libbpf_findMap(JNIEnv *env, jclass type, jlong pointer,
                                                                    jstring name)
{
    (void)type;
    char map_name[256];
    if (!copy_string(env, name, map_name, sizeof(map_name))) {
        return 0;
    }
    return (jlong)(intptr_t)bpf_object__find_map_by_name(handle_of(pointer)->object, map_name);
}

JNIEXPORT jlong JNICALL Java_io_pangea_bpf_internal_Libbpf_findProgram(JNIEnv *env, jclass type, jlong pointer,
                                                                        jstring name)
{
    (void)type;
    char program_name[256];
    if (!copy_string(env, name, program_name, sizeof(program_name))) {
        return 0;
    }
    return (jlong)(intptr_t)bpf_object__find_program_by_name(handle_of(pointer)->object, program_name);
}

/* {type, key size, value size, max entries, flags, fd (-1 before load)} of a map. */
JNIEXPORT jintArray JNICALL Java_io_pangea_bpf_internal_Libbpf_mapInfo(JNIEnv *env, jclass type, jlong map_pointer)
{
    (void)type;
    struct bpf_map *map = (struct bpf_map *)(intptr_t)map_pointer;
    jint info[6] = {
        (jint)bpf_map__type(map), (jint)bpf_map__key_size(map), (jint)bpf_map__value_size(map),
        (jint)bpf_map__max_entries(map), (jint)bpf_map__map_flags(map), (jint)bpf_map__fd(map),
    };
    if (info[5] < 0) {
        info[5] = -1;
    }
    jintArray result = (*env)->NewIntArray(env, 6);
    if (result != NULL) {
        (*env)->SetIntArrayRegion(env, result, 0, 6, info);
    }
    return result;
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_setMaxEntries(JNIEnv *env, jclass type, jlong map_pointer,
                                                                         jint entries)
{
    (void)type;
    struct bpf_map *map = (struct bpf_map *)(intptr_t)map_pointer;
    int result = bpf_map__set_max_entries(map, (__u32)entries);
    if (result < 0) {
        throw_bpf(env, result, 0, "could not size map '%s' to %d entries (only before load)",
                  bpf_map__name(map), (int)entries);
    }
}

JNIEXPORT jint JNICALL Java_io_pangea_bpf_internal_Libbpf_programFd(JNIEnv *env, jclass type, jlong program_pointer)
{
    (void)env;
    (void)type;
    int fd = bpf_program__fd((struct bpf_program *)(intptr_t)program_pointer);
    return fd < 0 ? -1 : fd;
}

JNIEXPORT jstring JNICALL Java_io_pangea_bpf_internal_Libbpf_programSection(JNIEnv *env, jclass type,
                                                                             jlong program_pointer)
{
    (void)type;
    return (*env)->NewStringUTF(env, bpf_program__section_name((struct bpf_program *)(intptr_t)program_pointer));
}

JNIEXPORT jint JNICALL Java_io_pangea_bpf_internal_Libbpf_attachXdp(JNIEnv *env, jclass type, jint program_fd,
                                                                     jint ifindex, jint flags, jstring program)
{
    (void)type;
    char program_name[256];
    if (!copy_string(env, program, program_name, sizeof(program_name))) {
        return -1;
    }
    clear_log();
    /* A link, not a netlink attachment: the kernel detaches it when its last descriptor closes, also when the
     * process dies. */
    LIBBPF_OPTS(bpf_link_create_opts, options, .flags = (__u32)flags);
    int fd = bpf_link_create(program_fd, ifindex, BPF_XDP, &options);
    if (fd < 0) {
        int error = -fd;
        const char *hint = "";
        char interface[IF_NAMESIZE];
        if (if_indextoname((unsigned int)ifindex, interface) == NULL) {
            hint = " (no such interface)";
        } else if (error == EBUSY || error == EEXIST) {
            hint = " (another XDP program is attached there)";
        } else if (error == EOPNOTSUPP) {
            hint = " (the driver does not support this XDP mode)";
        }
        throw_bpf(env, error, 1, "could not attach XDP program '%s' to interface %d%s", program_name, (int)ifindex,
                  hint);
        return -1;
    }
    return fd;
}

/* The TCX hooks (kernel 6.6): Debian 12's uapi headers predate them, so the values come from the kernel's enum. */
#ifndef PANGEA_TCX_INGRESS
#define PANGEA_TCX_INGRESS 46
#define PANGEA_TCX_EGRESS 47
#endif

/* Attaches a TC (sched_cls) program at an interface's ingress or egress through a TCX link: like the XDP link, the
 * kernel detaches it when the last descriptor closes, so a killed process leaves nothing behind (a clsact qdisc
 * filter added over netlink would stay). */
JNIEXPORT jint JNICALL Java_io_pangea_bpf_internal_Libbpf_attachTc(JNIEnv *env, jclass type, jint program_fd,
                                                                    jint ifindex, jboolean egress, jstring program)
{
    (void)type;
    char program_name[256];
    if (!copy_string(env, program, program_name, sizeof(program_name))) {
        return -1;
    }
    clear_log();
    int fd = bpf_link_create(program_fd, ifindex, egress ? PANGEA_TCX_EGRESS : PANGEA_TCX_INGRESS, NULL);
    if (fd < 0) {
        int error = -fd;
        const char *hint = "";
        char interface[IF_NAMESIZE];
        if (if_indextoname((unsigned int)ifindex, interface) == NULL) {
            hint = " (no such interface)";
        } else if (error == EINVAL) {
            hint = " (not a TC program, or this kernel has no TCX hooks: 6.6 or newer is needed)";
        }
        throw_bpf(env, error, 1, "could not attach TC program '%s' to the %s of interface %d%s", program_name,
                  egress ? "egress" : "ingress", (int)ifindex, hint);
        return -1;
    }
    return fd;
}

/* Attaches a BTF-enabled tracepoint program (SEC("tp_btf/...")) or a raw tracepoint: the returned descriptor is
 * the attachment, released with it. */
JNIEXPORT jint JNICALL Java_io_pangea_bpf_internal_Libbpf_attachTracing(JNIEnv *env, jclass type,
                                                                         jlong program_pointer, jstring program)
{
    (void)type;
    char program_name[256];
    if (!copy_string(env, program, program_name, sizeof(program_name))) {
        return -1;
    }
    struct bpf_program *prog = (struct bpf_program *)(intptr_t)program_pointer;
    enum bpf_prog_type prog_type = bpf_program__type(prog);
    const char *raw_name = NULL;
    if (prog_type == BPF_PROG_TYPE_RAW_TRACEPOINT) {
        /* raw_tp/<name>: the name follows the section prefix. */
        const char *section = bpf_program__section_name(prog);
        const char *slash = section == NULL ? NULL : strchr(section, '/');
        if (slash == NULL || slash[1] == '\0') {
            throw_bpf(env, EINVAL, 0, "raw tracepoint program '%s' has no tracepoint name in its section", program_name);
            return -1;
        }
        raw_name = slash + 1;
    } else if (prog_type != BPF_PROG_TYPE_TRACING) {
        throw_bpf(env, EINVAL, 0, "program '%s' is not a tracing program (tp_btf or raw_tp)", program_name);
        return -1;
    }
    clear_log();
    int fd = bpf_raw_tracepoint_open(raw_name, bpf_program__fd(prog));
    if (fd < 0) {
        throw_bpf(env, -fd, 1, "could not attach tracing program '%s'", program_name);
        return -1;
    }
    return fd;
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_closeFd(JNIEnv *env, jclass type, jint fd)
{
    (void)env;
    (void)type;
    if (fd >= 0) {
        close(fd);
    }
}

/* Moves the calling thread (only it) into the named network namespace /var/run/netns/<name>, as
 * `ip netns exec` does for a process. The name is checked by the caller and again here: no path separators. */
JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_enterNetworkNamespace(JNIEnv *env, jclass type,
                                                                                 jstring name)
{
    (void)type;
    char namespace_name[256];
    if (!copy_string(env, name, namespace_name, sizeof(namespace_name))) {
        return;
    }
    if (namespace_name[0] == '\0' || namespace_name[0] == '.' || strchr(namespace_name, '/') != NULL) {
        throw_class(env, "java/lang/IllegalArgumentException", "not a network namespace name");
        return;
    }
    char path[300];
    snprintf(path, sizeof(path), "/var/run/netns/%s", namespace_name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw_bpf(env, errno, 0, "could not open network namespace %s", path);
        return;
    }
    if (setns(fd, CLONE_NEWNET) != 0) {
        int error = errno;
        close(fd);
        throw_bpf(env, error, 0, "could not enter network namespace %s", path);
        return;
    }
    close(fd);
}

/* {attached program id or 0, attach mode (XDP_ATTACHED_*)} of an interface. */
JNIEXPORT jintArray JNICALL Java_io_pangea_bpf_internal_Libbpf_xdpQuery(JNIEnv *env, jclass type, jint ifindex)
{
    (void)type;
    LIBBPF_OPTS(bpf_xdp_query_opts, options);
    int result = bpf_xdp_query(ifindex, 0, &options);
    if (result < 0) {
        throw_bpf(env, result, 0, "could not query XDP on interface %d", (int)ifindex);
        return NULL;
    }
    __u32 id = options.prog_id;
    if (id == 0) {
        id = options.drv_prog_id != 0 ? options.drv_prog_id : options.skb_prog_id;
    }
    jint info[2] = { (jint)id, (jint)options.attach_mode };
    jintArray array = (*env)->NewIntArray(env, 2);
    if (array != NULL) {
        (*env)->SetIntArrayRegion(env, array, 0, 2, info);
    }
    return array;
}

/* Map operations: key_size and value_size are the sizes the kernel reads and writes (for per-CPU maps the
 * value is every possible CPU's slot); the arrays must have exactly those lengths. */

JNIEXPORT jboolean JNICALL Java_io_pangea_bpf_internal_Libbpf_lookup(JNIEnv *env, jclass type, jint fd,
                                                                      jbyteArray key, jint key_size,
                                                                      jbyteArray value, jint value_size)
{
    (void)type;
    if (!check_length(env, key, key_size, "key") || !check_length(env, value, value_size, "value")) {
        return JNI_FALSE;
    }
    jbyte *key_bytes = malloc((size_t)key_size);
    jbyte *value_bytes = malloc((size_t)value_size);
    jboolean found = JNI_FALSE;
    if (key_bytes == NULL || value_bytes == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not look up a map entry");
    } else {
        (*env)->GetByteArrayRegion(env, key, 0, key_size, key_bytes);
        int result = bpf_map_lookup_elem(fd, key_bytes, value_bytes);
        if (result == 0) {
            (*env)->SetByteArrayRegion(env, value, 0, value_size, value_bytes);
            found = JNI_TRUE;
        } else if (errno != ENOENT) {
            throw_bpf(env, errno, 0, "could not look up a map entry");
        }
    }
    free(key_bytes);
    free(value_bytes);
    return found;
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_update(JNIEnv *env, jclass type, jint fd,
                                                                  jbyteArray key, jint key_size,
                                                                  jbyteArray value, jint value_size, jlong flags)
{
    (void)type;
    if (!check_length(env, key, key_size, "key") || !check_length(env, value, value_size, "value")) {
        return;
    }
    jbyte *key_bytes = malloc((size_t)key_size);
    jbyte *value_bytes = malloc((size_t)value_size);
    if (key_bytes == NULL || value_bytes == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not update a map entry");
    } else {
        (*env)->GetByteArrayRegion(env, key, 0, key_size, key_bytes);
        (*env)->GetByteArrayRegion(env, value, 0, value_size, value_bytes);
        if (bpf_map_update_elem(fd, key_bytes, value_bytes, (__u64)flags) != 0) {
            int error = errno;
            throw_bpf(env, error, 0, error == E2BIG ? "could not update a map entry: the map is full"
                                                    : "could not update a map entry");
        }
    }
    free(key_bytes);
    free(value_bytes);
}

JNIEXPORT jboolean JNICALL Java_io_pangea_bpf_internal_Libbpf_delete(JNIEnv *env, jclass type, jint fd,
                                                                      jbyteArray key, jint key_size)
{
    (void)type;
    if (!check_length(env, key, key_size, "key")) {
        return JNI_FALSE;
    }
    jbyte *key_bytes = malloc((size_t)key_size);
    if (key_bytes == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not delete a map entry");
        return JNI_FALSE;
    }
    (*env)->GetByteArrayRegion(env, key, 0, key_size, key_bytes);
    jboolean deleted = JNI_TRUE;
    if (bpf_map_delete_elem(fd, key_bytes) != 0) {
        deleted = JNI_FALSE;
        if (errno != ENOENT) {
            throw_bpf(env, errno, 0, "could not delete a map entry");
        }
    }
    free(key_bytes);
    return deleted;
}

/* The key after key (the first when key is null) into next: false at the end. */
JNIEXPORT jboolean JNICALL Java_io_pangea_bpf_internal_Libbpf_nextKey(JNIEnv *env, jclass type, jint fd,
                                                                       jbyteArray key, jbyteArray next,
                                                                       jint key_size)
{
    (void)type;
    if ((key != NULL && !check_length(env, key, key_size, "key")) || !check_length(env, next, key_size, "next")) {
        return JNI_FALSE;
    }
    jbyte *key_bytes = malloc((size_t)key_size);
    jbyte *next_bytes = malloc((size_t)key_size);
    jboolean more = JNI_FALSE;
    if (key_bytes == NULL || next_bytes == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not iterate a map");
    } else {
        if (key != NULL) {
            (*env)->GetByteArrayRegion(env, key, 0, key_size, key_bytes);
        }
        if (bpf_map_get_next_key(fd, key != NULL ? key_bytes : NULL, next_bytes) == 0) {
            (*env)->SetByteArrayRegion(env, next, 0, key_size, next_bytes);
            more = JNI_TRUE;
        } else if (errno != ENOENT) {
            throw_bpf(env, errno, 0, "could not iterate a map");
        }
    }
    free(key_bytes);
    free(next_bytes);
    return more;
}

/* Runs the program on packet (BPF_PROG_TEST_RUN) repeat times in the kernel: { return value, mean nanoseconds per
 * run }. With live_ifindex > 0 (XDP only) the frames are live (BPF_F_TEST_XDP_LIVE_FRAMES): they arrive as if
 * received on that interface of the caller's namespace and XDP_PASS hands them to its network stack — load for a
 * benchmark without a packet generator. */
JNIEXPORT jlongArray JNICALL Java_io_pangea_bpf_internal_Libbpf_testRun(JNIEnv *env, jclass type, jint program_fd,
                                                                         jbyteArray packet, jint repeat,
                                                                         jint live_ifindex, jstring program)
{
    (void)type;
    char program_name[256];
    if (!copy_string(env, program, program_name, sizeof(program_name))) {
        return NULL;
    }
    if (packet == NULL) {
        throw_class(env, "java/lang/NullPointerException", "packet");
        return NULL;
    }
    jsize size = (*env)->GetArrayLength(env, packet);
    jbyte *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (bytes == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not run program '%s'", program_name);
        return NULL;
    }
    (*env)->GetByteArrayRegion(env, packet, 0, size, bytes);
    struct xdp_md context;
    memset(&context, 0, sizeof(context));
    LIBBPF_OPTS(bpf_test_run_opts, options, .data_in = bytes, .data_size_in = (__u32)size,
                .repeat = (__u32)(repeat > 0 ? repeat : 1));
    if (live_ifindex > 0) {
        context.data_end = (__u32)size;
        context.ingress_ifindex = (__u32)live_ifindex;
        options.ctx_in = &context;
        options.ctx_size_in = sizeof(context);
        options.flags = BPF_F_TEST_XDP_LIVE_FRAMES;
    }
    int result = bpf_prog_test_run_opts(program_fd, &options);
    free(bytes);
    if (result < 0) {
        throw_bpf(env, result, 0, "could not run program '%s' on a %d-byte packet%s", program_name, (int)size,
                  live_ifindex > 0 ? " as live frames" : "");
        return NULL;
    }
    jlongArray answer = (*env)->NewLongArray(env, 2);
    if (answer != NULL) {
        jlong values[2] = {(jlong)options.retval, (jlong)options.duration};
        (*env)->SetLongArrayRegion(env, answer, 0, 2, values);
    }
    return answer;
}

/* A ring buffer and, while a poll runs, where its records go (one poller at a time; Java serialises). */
struct ring {
    struct ring_buffer *buffer;
    JNIEnv *env;
    jobject sink;
    jmethodID accept;
};

static int on_record(void *context, void *data, size_t size)
{
    struct ring *ring = context;
    JNIEnv *env = ring->env;
    jbyteArray record = (*env)->NewByteArray(env, (jsize)size);
    if (record == NULL) {
        return -ENOMEM;
    }
    (*env)->SetByteArrayRegion(env, record, 0, (jsize)size, data);
    (*env)->CallVoidMethod(env, ring->sink, ring->accept, record);
    (*env)->DeleteLocalRef(env, record);
    /* The sink threw: stop here; the exception surfaces when poll returns to Java. */
    return (*env)->ExceptionCheck(env) ? -ECANCELED : 0;
}

JNIEXPORT jlong JNICALL Java_io_pangea_bpf_internal_Libbpf_ringOpen(JNIEnv *env, jclass type, jint map_fd,
                                                                     jstring name)
{
    (void)type;
    char map_name[256];
    if (!copy_string(env, name, map_name, sizeof(map_name))) {
        return 0;
    }
    struct ring *ring = calloc(1, sizeof(*ring));
    if (ring == NULL) {
        throw_bpf(env, ENOMEM, 0, "could not open ring buffer '%s'", map_name);
        return 0;
    }
    clear_log();
    ring->buffer = ring_buffer__new(map_fd, on_record, ring, NULL);
    if (ring->buffer == NULL) {
        int error = errno;
        free(ring);
        throw_bpf(env, error, 1, "could not open ring buffer '%s'", map_name);
        return 0;
    }
    return (jlong)(intptr_t)ring;
}

/* Waits at most timeout_ms for records and hands each to sink.accept(byte[]): how many were consumed. */
JNIEXPORT jint JNICALL Java_io_pangea_bpf_internal_Libbpf_ringPoll(JNIEnv *env, jclass type, jlong pointer,
                                                                    jint timeout_ms, jobject sink)
{
    (void)type;
    struct ring *ring = (struct ring *)(intptr_t)pointer;
    jclass sink_type = (*env)->GetObjectClass(env, sink);
    jmethodID accept = (*env)->GetMethodID(env, sink_type, "accept", "([B)V");
    if (accept == NULL) {
        return -1;
    }
    ring->env = env;
    ring->sink = sink;
    ring->accept = accept;
    int result = ring_buffer__poll(ring->buffer, timeout_ms);
    ring->env = NULL;
    ring->sink = NULL;
    if ((*env)->ExceptionCheck(env)) {
        return -1;
    }
    if (result == -EINTR) {
        return 0;
    }
    if (result < 0) {
        throw_bpf(env, result, 0, "could not poll a ring buffer");
        return -1;
    }
    return result;
}

JNIEXPORT void JNICALL Java_io_pangea_bpf_internal_Libbpf_ringClose(JNIEnv *env, jclass type, jlong pointer)
{
    (void)env;
    (void)type;
    struct ring *ring = (struct ring *)(intptr_t)pointer;
    if (ring != NULL) {
        ring_buffer__free(ring->buffer);
        free(ring);
    }
}
