/**
 * The capability probe. Plain readers look at the machine once — {@link io.pangea.probe.internal.CpuReader}
 * (/proc/cpuinfo), {@link io.pangea.probe.internal.MemoryReader} (/proc/meminfo and the cgroup memory limit),
 * {@link io.pangea.probe.internal.ProcessStatusReader} (/proc/self/status capabilities and uid),
 * {@link io.pangea.probe.internal.KernelReader} (kernel release, io_uring switch) and
 * {@link io.pangea.probe.internal.LoopbackUdpCheck} — each taking the /proc and /sys roots so that tests can
 * point them at fake files. {@link io.pangea.probe.internal.MachineProbe} gathers their facts,
 * {@link io.pangea.probe.internal.FactOverrides} applies the operator's masks and forced values and derives
 * the facts computed from others, and the thin DS component {@link io.pangea.probe.internal.CapabilityProbe}
 * publishes the result as {@link io.pangea.api.facts.HardwareFacts}. A source that cannot be read never fails
 * activation: its facts take their absent value and say why in their evidence.
 */
package io.pangea.probe.internal;
