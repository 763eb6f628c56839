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
    int testRun(byte[] packet);
}
