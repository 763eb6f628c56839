package io.pangea.bpf;

/** Where an XDP program runs. */
public enum XdpMode {
    /** In the network stack after the socket buffer is built (XDP_FLAGS_SKB_MODE): every interface has it. */
    GENERIC,
    /** In the driver before any allocation (XDP_FLAGS_DRV_MODE): the driver must support it. */
    NATIVE
}
