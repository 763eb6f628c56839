/**
 * The implementation of {@link io.pangea.bpf}: {@link io.pangea.bpf.internal.Libbpf} is the JNI glue
 * (src/main/c/pangea_bpf.c) and the only place native pointers and descriptors appear; the handles hold them
 * privately behind a read-write lock of their object, so that no operation runs on a closed object's memory or
 * on a descriptor number the process has since reused.
 */
package io.pangea.bpf.internal;
