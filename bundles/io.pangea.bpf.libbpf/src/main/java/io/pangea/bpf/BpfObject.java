package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An eBPF object: opened, then configured ({@link #setReadOnly}, {@link BpfMap#setMaxEntries}), then loaded
 * into the kernel once. Closing it detaches its links and releases its maps and programs. Thread-safe; using
 * it after {@link #close()} throws {@link IllegalStateException}.
 */
@ProviderType
public interface BpfObject extends AutoCloseable {

    String name();

    /**
     * Sets a {@code const volatile} global of the program (its {@code .rodata}) before load: {@code value} must
     * have exactly the variable's size, in the machine's byte order.
     *
     * @throws BpfException when there is no such variable, or the object is already loaded
     */
    void setReadOnly(String variable, byte[] value);

    /** {@link #setReadOnly(String, byte[])} of a 32-bit variable. */
    default void setReadOnlyInt(String variable, int value) {
        setReadOnly(variable, ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** {@link #setReadOnly(String, byte[])} of a 64-bit variable. */
    default void setReadOnlyLong(String variable, long value) {
        setReadOnly(variable, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(value).array());
    }

    /**
     * Loads the programs into the kernel (the verifier runs here) and creates the maps.
     *
     * @throws BpfException with libbpf's log when the kernel refuses, for example EPERM without CAP_BPF
     */
    void load();

    boolean loaded();

    /** @throws java.util.NoSuchElementException naming the maps there are */
    BpfMap map(String name);

    /** @throws java.util.NoSuchElementException naming the programs there are */
    BpfProgram program(String name);

    /**
     * A reader of ring-buffer map {@code name}; needs the object loaded.
     *
     * @throws IllegalArgumentException when the map is not a ring buffer
     */
    BpfRingBuffer ringBuffer(String name);

    List<String> mapNames();

    List<String> programNames();

    /**
     * Detaches every link of the object's programs, closes its ring-buffer readers and releases the object;
     * closing twice does nothing.
     */
    @Override
    void close();
}
