// SPDX-License-Identifier: Apache-2.0
/* The benchmark's injectors, run with BPF_F_TEST_XDP_LIVE_FRAMES: inject_pass hands every frame to the stack of the
 * interface it is injected on (load for nftables and for the user-space guard), inject_drop drops it at once (the
 * cost of the injection alone, to be told apart from what the contenders add). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("xdp")
int inject_pass(struct xdp_md *ctx)
{
    (void)ctx;
    return XDP_PASS;
}

SEC("xdp")
int inject_drop(struct xdp_md *ctx)
{
    (void)ctx;
    return XDP_DROP;
}

char LICENSE[] SEC("license") = "Apache-2.0";
