package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Optional;

/**
 * A map of a {@link BpfObject}. Keys and values are byte arrays of exactly {@link #keySize()} and
 * {@link #valueSize()} bytes laid out as the program's C structs (machine byte order, C padding). Entry
 * operations need the object loaded; per-CPU maps are read and written with the {@code PerCpu} methods.
 */
@ProviderType
public interface BpfMap {

    String name();

    BpfMapType type();

    int keySize();

    /** The size of one value (of one CPU's value, for a per-CPU map). */
    int valueSize();

    int maxEntries();

    /** Changes the capacity before load, for example from configuration. */
    void setMaxEntries(int entries);

    /** The value of {@code key}, or empty when there is none. */
    Optional<byte[]> lookup(byte[] key);

    /** Every possible CPU's value of {@code key}, in CPU order, or empty when there is none. */
    Optional<List<byte[]>> lookupPerCpu(byte[] key);

    void update(byte[] key, byte[] value, UpdateMode mode);

    default void update(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    /** Writes one value per possible CPU ({@link Bpf#possibleCpus()} of them). */
    void updatePerCpu(byte[] key, List<byte[]> values, UpdateMode mode);

    /** Deletes {@code key}: false when there was no such entry. */
    boolean delete(byte[] key);

    /** The key after {@code key} in the kernel's order, the first when {@code key} is null, empty at the end. */
    Optional<byte[]> nextKey(byte[] key);

    /**
     * The keys now in the map (at most {@link #maxEntries()}). A snapshot: entries written meanwhile by the
     * program may or may not be in it.
     */
    List<byte[]> keys();
}
