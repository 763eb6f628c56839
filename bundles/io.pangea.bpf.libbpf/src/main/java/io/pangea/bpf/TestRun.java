package io.pangea.bpf;

/**
 * What BPF_PROG_TEST_RUN reported.
 *
 * @param returnValue the program's return value on the last run (for XDP the verdict; meaningless for live frames)
 * @param nanosPerRun the kernel's mean time per run, in nanoseconds
 */
public record TestRun(long returnValue, long nanosPerRun) {
}
