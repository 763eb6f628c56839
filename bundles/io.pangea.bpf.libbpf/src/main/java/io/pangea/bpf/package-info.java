/**
 * A small, safe binding over libbpf for the kernel plane: open an eBPF object (CO-RE ELF) from bytes, set its
 * read-only configuration, size its maps and load it ({@link io.pangea.bpf.BpfObject}); read and write its maps
 * ({@link io.pangea.bpf.BpfMap}, per-CPU values included); attach XDP programs through links
 * ({@link io.pangea.bpf.BpfProgram#attachXdp}), so that the kernel detaches them when the link is closed or the
 * process dies, and nothing stays attached after a crash; run a loaded program on a frame without attaching it
 * ({@link io.pangea.bpf.BpfProgram#testRun}).
 * <p>
 * Handles are opaque: native pointers and descriptors stay inside the implementation, every handle checks it
 * is still open, and closing an object closes its maps, programs and links. Failures are
 * {@link io.pangea.bpf.BpfException}s naming what was attempted with errno and its text; a failed load carries
 * libbpf's log (the verifier's reasons). {@link io.pangea.bpf.Bpf#unavailable()} says when the native library
 * is not usable here, so that a provider can register as unavailable instead of failing.
 * <p>
 * Events from programs arrive through ring buffers ({@link io.pangea.bpf.BpfRingBuffer}), polled by a thread of
 * the caller with a bounded timeout.
 * <p>
 * {@link io.pangea.bpf.NetworkNamespace#run} runs code in a named network namespace on a dedicated thread, so
 * that XDP programs can be attached to, and sockets opened in, a namespace other than the JVM's (tests keep
 * their interfaces and addresses in namespaces of their own that way).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.pangea.bpf;
