package io.pangea.tracer.internal;

import io.pangea.api.metrics.MetricFamily;

import java.util.Map;

/**
 * The child JVM of {@link WithoutRightsTest}: runs the component without eBPF rights and prints its metrics, one
 * {@code name labels value} line per sample.
 */
public final class UnprivilegedTracer {
    private UnprivilegedTracer() {
    }

    public static void main(String[] arguments) {
        TcpTracer tracer = new TcpTracer(Configurations.tracer(Map.of()), null);
        for (MetricFamily family : tracer.collect()) {
            for (MetricFamily.Sample sample : family.samples()) {
                System.out.println(family.name() + " " + sample.labels() + " " + sample.value());
            }
        }
        tracer.unavailable().ifPresent(why -> System.out.println("detail: " + why.detail().lines().findFirst().orElse("")));
        tracer.deactivate();
    }
}
