/**
 * The TCP tracer: {@code bpf/tracer.bpf.c}, packaged at {@code bpf/tracer.bpf.o}, loaded with the libbpf binding
 * ({@link io.pangea.bpf}) and attached to the kernel's TCP tracepoints ({@code tp_btf}: tcp_retransmit_skb,
 * inet_sock_set_state, tcp_send_reset, tcp_receive_reset) through links, so a dying JVM leaves nothing attached.
 * <p>
 * The kernel counts in per-CPU maps, and per remote end in an LRU table; nothing is sent to user space per event.
 * {@link io.pangea.tracer.internal.TracerProgram} is the program and its maps;
 * {@link io.pangea.tracer.internal.TracerMetrics} turns its counters into Prometheus families;
 * {@link io.pangea.tracer.internal.TcpTracer} is the component that runs it and registers the
 * {@link io.pangea.api.metrics.MetricSource} the metrics bundle scrapes — also when the tracer cannot run, so that
 * {@code pangea_tracer_up{reason}} tells the operator why.
 */
package io.pangea.tracer.internal;
