package io.pangea.bpf.internal;

import io.pangea.bpf.BpfMap;
import io.pangea.bpf.BpfMapType;
import io.pangea.bpf.UpdateMode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A map of a {@link LibbpfObject}; its address is valid, and its descriptor open, while the object is open. */
final class LibbpfMap implements BpfMap {
    private static final int TYPE = 0;
    private static final int KEY_SIZE = 1;
    private static final int VALUE_SIZE = 2;
    private static final int MAX_ENTRIES = 3;
    private static final int FD = 5;

    private final LibbpfObject object;
    private final String name;
    private final long pointer;
    private final BpfMapType type;
    private final int keySize;
    private final int valueSize;

    LibbpfMap(LibbpfObject object, String name, long pointer) {
        this.object = object;
        this.name = name;
        this.pointer = pointer;
        int[] info = Libbpf.mapInfo(pointer);
        this.type = BpfMapType.of(info[TYPE]);
        this.keySize = info[KEY_SIZE];
        this.valueSize = info[VALUE_SIZE];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BpfMapType type() {
        return type;
    }

    @Override
    public int keySize() {
        return keySize;
    }

    @Override
    public int valueSize() {
        return valueSize;
    }

    @Override
    public int maxEntries() {
        return object.shared(() -> Libbpf.mapInfo(pointer)[MAX_ENTRIES]);
    }

    @Override
    public void setMaxEntries(int entries) {
        if (entries <= 0) {
            throw new IllegalArgumentException("map '" + name + "' needs at least one entry, not " + entries);
        }
        object.exclusive(() -> {
            if (object.loaded()) {
                throw new IllegalStateException("map '" + name + "' is created: it cannot be resized");
            }
            Libbpf.setMaxEntries(pointer, entries);
            return null;
        });
    }

    /** The map's descriptor; needs the object's lock held. */
    private int fd(String what) {
        object.requireLoaded(what + " in map '" + name + "'");
        return Libbpf.mapInfo(pointer)[FD];
    }

    /** The per-CPU slot: the kernel aligns each CPU's value to 8 bytes. */
    private int slot() {
        return (valueSize + 7) & ~7;
    }

    private void requirePerCpu(boolean perCpu) {
        if (type.perCpu() != perCpu) {
            throw new IllegalArgumentException("map '" + name + "' is " + (perCpu ? "not " : "") + "per-CPU ("
                    + type + "): use " + (perCpu ? "lookup/update" : "lookupPerCpu/updatePerCpu"));
        }
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) {
        requirePerCpu(false);
        byte[] value = new byte[valueSize];
        boolean found = object.shared(() -> Libbpf.lookup(fd("look up"), key, keySize, value, valueSize));
        return found ? Optional.of(value) : Optional.empty();
    }

    @Override
    public Optional<List<byte[]>> lookupPerCpu(byte[] key) {
        requirePerCpu(true);
        int cpus = Libbpf.cpus();
        byte[] all = new byte[slot() * cpus];
        boolean found = object.shared(() -> Libbpf.lookup(fd("look up"), key, keySize, all, all.length));
        if (!found) {
            return Optional.empty();
        }
        List<byte[]> values = new ArrayList<>(cpus);
        for (int cpu = 0; cpu < cpus; cpu++) {
            values.add(Arrays.copyOfRange(all, cpu * slot(), cpu * slot() + valueSize));
        }
        return Optional.of(values);
    }

    @Override
    public void update(byte[] key, byte[] value, UpdateMode mode) {
        requirePerCpu(false);
        Objects.requireNonNull(mode, "mode");
        object.shared(() -> {
            Libbpf.update(fd("update"), key, keySize, value, valueSize, mode.flag());
            return null;
        });
    }

    @Override
    public void updatePerCpu(byte[] key, List<byte[]> values, UpdateMode mode) {
        requirePerCpu(true);
        Objects.requireNonNull(mode, "mode");
        int cpus = Libbpf.cpus();
        if (values.size() != cpus) {
            throw new IllegalArgumentException("map '" + name + "' needs " + cpus + " values, one per possible CPU, not "
                    + values.size());
        }
        byte[] all = new byte[slot() * cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            byte[] value = values.get(cpu);
            if (value.length != valueSize) {
                throw new IllegalArgumentException("value must be " + valueSize + " bytes, not " + value.length);
            }
            System.arraycopy(value, 0, all, cpu * slot(), valueSize);
        }
        object.shared(() -> {
            Libbpf.update(fd("update"), key, keySize, all, all.length, mode.flag());
            return null;
        });
    }

    @Override
    public boolean delete(byte[] key) {
        return object.shared(() -> Libbpf.delete(fd("delete"), key, keySize));
    }

    @Override
    public Optional<byte[]> nextKey(byte[] key) {
        byte[] next = new byte[keySize];
        boolean more = object.shared(() -> Libbpf.nextKey(fd("iterate"), key, next, keySize));
        return more ? Optional.of(next) : Optional.empty();
    }

    @Override
    public List<byte[]> keys() {
        return object.shared(() -> {
            int fd = fd("iterate");
            int limit = Libbpf.mapInfo(pointer)[MAX_ENTRIES];
            List<byte[]> keys = new ArrayList<>();
            Set<ByteBuffer> seen = new HashSet<>();
            byte[] previous = null;
            // A key deleted meanwhile makes the kernel start over: the set drops repeats, the limit ends it.
            for (int i = 0; i < limit; i++) {
                byte[] next = new byte[keySize];
                if (!Libbpf.nextKey(fd, previous, next, keySize)) {
                    break;
                }
                if (seen.add(ByteBuffer.wrap(next))) {
                    keys.add(next);
                }
                previous = next;
            }
            return keys;
        });
    }

    @Override
    public String toString() {
        return "bpf map " + name + " (" + type + ") of " + object.name();
    }
}
