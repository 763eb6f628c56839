package io.pangea.bpf.internal;

import io.pangea.bpf.BpfMap;
import io.pangea.bpf.BpfMapType;
import io.pangea.bpf.BpfObject;
import io.pangea.bpf.BpfProgram;
import io.pangea.bpf.BpfRingBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * An opened libbpf object. Operations that only read libbpf's state or use a descriptor share the read lock;
 * configuring, loading and closing take the write lock, so nothing runs on a closed object.
 */
public final class LibbpfObject implements BpfObject {
    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, LibbpfMap> maps = new HashMap<>();
    private final Map<String, LibbpfProgram> programs = new HashMap<>();
    private final Set<LibbpfLink> links = ConcurrentHashMap.newKeySet();
    private final Set<LibbpfRingBuffer> rings = ConcurrentHashMap.newKeySet();
    private long pointer;
    private boolean loaded;

    private LibbpfObject(String name, long pointer) {
        this.name = name;
        this.pointer = pointer;
    }

    public static LibbpfObject open(String name, byte[] elf) {
        return new LibbpfObject(name, Libbpf.open(elf, name));
    }

    @Override
    public String name() {
        return name;
    }

    /** Runs {@code action} with the object open, under the read lock. */
    <T> T shared(Supplier<T> action) {
        return locked(lock.readLock(), action);
    }

    /** Runs {@code action} with the object open, alone. */
    <T> T exclusive(Supplier<T> action) {
        return locked(lock.writeLock(), action);
    }

    private <T> T locked(Lock held, Supplier<T> action) {
        held.lock();
        try {
            if (pointer == 0) {
                throw new IllegalStateException("bpf object '" + name + "' is closed");
            }
            return action.get();
        } finally {
            held.unlock();
        }
    }

    /** Needs the lock held. */
    void requireLoaded(String what) {
        if (!loaded) {
            throw new IllegalStateException("bpf object '" + name + "' is not loaded yet: cannot " + what);
        }
    }

    @Override
    public void setReadOnly(String variable, byte[] value) {
        exclusive(() -> {
            if (loaded) {
                throw new IllegalStateException("bpf object '" + name + "' is loaded: its .rodata is frozen");
            }
            Libbpf.setReadOnly(pointer, variable, value);
            return null;
        });
    }

    @Override
    public void load() {
        exclusive(() -> {
            if (loaded) {
                throw new IllegalStateException("bpf object '" + name + "' is already loaded");
            }
            Libbpf.load(pointer);
            loaded = true;
            return null;
        });
    }

    @Override
    public boolean loaded() {
        lock.readLock().lock();
        try {
            return loaded && pointer != 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public BpfMap map(String mapName) {
        return exclusive(() -> maps.computeIfAbsent(mapName, n -> {
            long map = Libbpf.findMap(pointer, n);
            if (map == 0) {
                throw new NoSuchElementException("bpf object '" + name + "' has no map '" + n + "'; it has "
                        + List.of(Libbpf.mapNames(pointer)));
            }
            return new LibbpfMap(this, n, map);
        }));
    }

    @Override
    public BpfProgram program(String programName) {
        return exclusive(() -> programs.computeIfAbsent(programName, n -> {
            long program = Libbpf.findProgram(pointer, n);
            if (program == 0) {
                throw new NoSuchElementException("bpf object '" + name + "' has no program '" + n + "'; it has "
                        + List.of(Libbpf.programNames(pointer)));
            }
            return new LibbpfProgram(this, n, program);
        }));
    }

    @Override
    public BpfRingBuffer ringBuffer(String mapName) {
        BpfMap map = map(mapName);
        if (map.type() != BpfMapType.RINGBUF) {
            throw new IllegalArgumentException("map '" + mapName + "' of '" + name + "' is " + map.type()
                    + ", not a ring buffer");
        }
        return shared(() -> {
            requireLoaded("read ring buffer '" + mapName + "'");
            int fd = Libbpf.mapInfo(Libbpf.findMap(pointer, mapName))[5];
            LibbpfRingBuffer ring = new LibbpfRingBuffer(this, mapName, Libbpf.ringOpen(fd, mapName));
            rings.add(ring);
            return ring;
        });
    }

    void closed(LibbpfRingBuffer ring) {
        rings.remove(ring);
    }

    @Override
    public List<String> mapNames() {
        return shared(() -> List.of(Libbpf.mapNames(pointer)));
    }

    @Override
    public List<String> programNames() {
        return shared(() -> List.of(Libbpf.programNames(pointer)));
    }

    void attached(LibbpfLink link) {
        links.add(link);
    }

    void detached(LibbpfLink link) {
        links.remove(link);
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            // Under the write lock: no attach is under way, and none starts before the object is gone.
            new ArrayList<>(links).forEach(LibbpfLink::close);
            new ArrayList<>(rings).forEach(LibbpfRingBuffer::close);
            if (pointer != 0) {
                Libbpf.close(pointer);
                pointer = 0;
                loaded = false;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "bpf object " + name;
    }
}
