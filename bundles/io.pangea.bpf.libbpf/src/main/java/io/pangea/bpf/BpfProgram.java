package io.pangea.bpf;

import org.osgi.annotation.versioning.ProviderType;

/** A program of a {@link BpfObject}. */
@ProviderType
public interface BpfProgram {

    String name();

    /** The ELF section it was compiled into, for example {@code xdp}. */
    String section();

    /**
     * Attaches this XDP program to interface {@code ifindex} of the current network namespace through a link:
     * it stays attached until the link is closed, the object is closed, or the process ends — whichever is first.
     *
     * @throws BpfException when the object is not loaded, another XDP program holds the interface (EBUSY), the
     *                      driver lacks the mode (EOPNOTSUPP), or the rights are missing (EPERM)
     */
    XdpLink attachXdp(int ifindex, XdpMode mode);

    /**
     * Runs the loaded program once on {@code packet} in the kernel (BPF_PROG_TEST_RUN), without attaching it:
     * its return value, for an XDP program the verdict ({@code 1} XDP_DROP, {@code 2} XDP_PASS). Maps see the run
     * as they see real traffic.
     */
    default int testRun(byte[] packet) {
        return (int) testRun(packet, 1).returnValue();
    }

    /**
     * Runs the loaded program {@code repeat} times on {@code packet} in the kernel (BPF_PROG_TEST_RUN): the last
     * return value and the kernel's mean time per run.
     *
     * @throws IllegalArgumentException when {@code repeat} is not positive
     */
    TestRun testRun(byte[] packet, int repeat);

    /**
     * Runs this XDP program {@code repeat} times on {@code frame} as live frames (BPF_F_TEST_XDP_LIVE_FRAMES, kernel
     * 5.18): each frame arrives as if received on interface {@code ifindex} of the calling thread's network
     * namespace, and XDP_PASS hands it to that interface's network stack. Load for benchmarks without a packet
     * generator; the frame must be a whole Ethernet frame.
     */
    TestRun testRunLive(byte[] frame, int ifindex, int repeat);

    /**
     * Attaches this TC program ({@code SEC("tc")}) at the ingress or egress of interface {@code ifindex} of the
     * current network namespace through a TCX link (kernel 6.6), next to any other TC programs there.
     *
     * @throws BpfException when the object is not loaded, the kernel lacks TCX, or the rights are missing
     */
    BpfLink attachTc(int ifindex, TcDirection direction);

    /**
     * Attaches this tracing program ({@code SEC("tp_btf/<event>")} or {@code SEC("raw_tp/<event>")}) to its
     * kernel event.
     *
     * @throws BpfException when the object is not loaded, the program is not a tracing program, or the rights are
     *                      missing
     */
    BpfLink attach();
}
