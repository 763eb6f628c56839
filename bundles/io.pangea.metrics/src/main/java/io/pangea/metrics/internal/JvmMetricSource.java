package io.pangea.metrics.internal;

import io.pangea.api.metrics.MetricFamily;
import io.pangea.api.metrics.MetricSource;
import io.pangea.api.metrics.MetricType;
import org.osgi.service.component.annotations.Component;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/** The JVM figures an operator checks first when a node misbehaves: heap and threads. */
@Component(name = "io.pangea.metrics.jvm", service = MetricSource.class)
public class JvmMetricSource implements MetricSource {
    static final String HEAP_USED = "pangea_jvm_heap_used_bytes";
    static final String HEAP_MAX = "pangea_jvm_heap_max_bytes";
    static final String THREADS = "pangea_jvm_threads";
    static final String DAEMON_THREADS = "pangea_jvm_daemon_threads";

    @Override
    public List<MetricFamily> collect() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        List<MetricFamily> families = new ArrayList<>();
        families.add(MetricFamily.of(HEAP_USED, "Heap in use", MetricType.GAUGE, heap.getUsed()));
        if (heap.getMax() >= 0) { // -1 when the JVM has no defined limit: no figure beats a false one
            families.add(MetricFamily.of(HEAP_MAX, "Largest heap the JVM may use", MetricType.GAUGE, heap.getMax()));
        }
        families.add(MetricFamily.of(THREADS, "Live threads", MetricType.GAUGE, threads.getThreadCount()));
        families.add(MetricFamily.of(DAEMON_THREADS, "Live daemon threads", MetricType.GAUGE,
                threads.getDaemonThreadCount()));
        return families;
    }
}
