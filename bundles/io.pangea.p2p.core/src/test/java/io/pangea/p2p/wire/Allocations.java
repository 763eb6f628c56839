package io.pangea.p2p.wire;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Measures the heap a piece of code allocates on the current thread (HotSpot's per-thread allocation counter). */
public final class Allocations {
    private Allocations() {
    }

    /** Bytes allocated by {@code action} on this thread; skips the test where the JVM cannot tell. */
    public static long measure(Runnable action) {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "per-thread allocation counter unavailable");
        var hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled(),
                "per-thread allocation counter disabled");
        long id = Thread.currentThread().getId();
        long before = hotspot.getThreadAllocatedBytes(id);
        action.run();
        return hotspot.getThreadAllocatedBytes(id) - before;
    }
}
