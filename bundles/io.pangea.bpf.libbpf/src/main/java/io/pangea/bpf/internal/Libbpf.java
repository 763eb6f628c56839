package io.pangea.bpf.internal;

import io.pangea.bpf.XdpAttachment;
import io.pangea.bpf.XdpMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The JNI glue. Pointers are {@code long}s and descriptors {@code int}s here and nowhere in the API. Every
 * method but {@link #loadFailure()} needs the library loaded.
 */
public final class Libbpf {
    public static final String LIBRARY = "pangea_bpf";
    static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    static final int XDP_FLAGS_DRV_MODE = 1 << 2;
    private static final int XDP_ATTACHED_DRV = 1;
    private static final int XDP_ATTACHED_SKB = 2;

    private static final Optional<String> LOAD_FAILURE = load();
    private static volatile int cpus;

    private Libbpf() {
    }

    /**
     * Loads {@code libpangea_bpf.so}: through Bundle-NativeCode or java.library.path, else — on a plain class
     * path, as in another module's tests or a child JVM — from this jar's {@code native/linux-<arch>/}.
     */
    private static Optional<String> load() {
        try {
            System.loadLibrary(LIBRARY);
            return Optional.empty();
        } catch (UnsatisfiedLinkError | SecurityException notOnPath) {
            String resource = "/native/linux-" + arch() + "/lib" + LIBRARY + ".so";
            try (InputStream in = Libbpf.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return Optional.of("native library lib" + LIBRARY + ".so did not load: " + notOnPath.getMessage());
                }
                Path file = Files.createTempFile("lib" + LIBRARY, ".so");
                try {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    System.load(file.toString());
                    return Optional.empty();
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException | LinkageError | SecurityException e) {
                return Optional.of("native library lib" + LIBRARY + ".so did not load: " + e.getMessage());
            }
        }
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> arch;
        };
    }

    public static Optional<String> loadFailure() {
        return LOAD_FAILURE;
    }

    public static void requireLoaded() {
        LOAD_FAILURE.ifPresent(reason -> {
            throw new IllegalStateException("the eBPF binding is not usable here: " + reason);
        });
    }

    public static int cpus() {
        int known = cpus;
        if (known == 0) {
            requireLoaded();
            known = possibleCpus();
            cpus = known;
        }
        return known;
    }

    public static Optional<XdpAttachment> xdpAttachment(int ifindex) {
        int[] info = xdpQuery(ifindex);
        if (info[0] == 0) {
            return Optional.empty();
        }
        XdpMode mode = switch (info[1]) {
            case XDP_ATTACHED_DRV -> XdpMode.NATIVE;
            case XDP_ATTACHED_SKB -> XdpMode.GENERIC;
            default -> null;
        };
        return mode == null ? Optional.empty() : Optional.of(new XdpAttachment(info[0], mode));
    }

    static int flags(XdpMode mode) {
        return switch (mode) {
            case GENERIC -> XDP_FLAGS_SKB_MODE;
            case NATIVE -> XDP_FLAGS_DRV_MODE;
        };
    }

    public static native String version();

    static native int possibleCpus();

    /** Opens an object from its ELF bytes (copied): the handle's address. */
    static native long open(byte[] elf, String name);

    static native void close(long object);

    static native void load(long object);

    static native void setReadOnly(long object, String variable, byte[] value);

    static native String[] mapNames(long object);

    static native String[] programNames(long object);

    /** The map's address, 0 when there is none of that name. */
    static native long findMap(long object, String name);

    /** The program's address, 0 when there is none of that name. */
    static native long findProgram(long object, String name);

    /** {type, key size, value size, max entries, flags, descriptor or -1 before load}. */
    static native int[] mapInfo(long map);

    static native void setMaxEntries(long map, int entries);

    /** The program's descriptor, -1 before load. */
    static native int programFd(long program);

    static native String programSection(long program);

    /** A BPF_XDP link of the program on ifindex with XDP_FLAGS_*: its descriptor. */
    static native int attachXdp(int programFd, int ifindex, int flags, String program);

    static native void closeFd(int fd);

    /** setns(CLONE_NEWNET) of the calling thread into /var/run/netns/{@code name}. */
    public static native void enterNetworkNamespace(String name);

    /** BPF_PROG_TEST_RUN of the program on packet: its return value. */
    /** {return value, mean nanoseconds per run}; live frames on {@code liveIfindex} when it is positive. */
    static native long[] testRun(int programFd, byte[] packet, int repeat, int liveIfindex, String program);

    /** A TCX link descriptor. */
    static native int attachTc(int programFd, int ifindex, boolean egress, String program);

    /** A tracing (tp_btf, raw_tp) link descriptor. */
    static native int attachTracing(long program, String programName);

    /** {program id or 0, XDP_ATTACHED_*}. */
    static native int[] xdpQuery(int ifindex);

    /** A ring_buffer reading map fd: its address. */
    static native long ringOpen(int mapFd, String name);

    /** ring_buffer__poll, each record to sink.accept(byte[]): the number consumed (0 on EINTR). */
    static native int ringPoll(long ring, int timeoutMillis, RecordSink sink);

    static native void ringClose(long ring);

    static native boolean lookup(int fd, byte[] key, int keySize, byte[] value, int valueSize);

    static native void update(int fd, byte[] key, int keySize, byte[] value, int valueSize, long flags);

    static native boolean delete(int fd, byte[] key, int keySize);

    static native boolean nextKey(int fd, byte[] key, byte[] next, int keySize);
}
