// SPDX-License-Identifier: Apache-2.0
/* The binding's test object: one map of each kind the kernel plane uses, read-only variables, and a program of each
 * attach kind (XDP, TC, tp_btf). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

const volatile __u32 answer = 0;
const volatile __u64 stamp = 0;

struct prefix_v4 {
    __u32 prefixlen;
    __u8 addr[4];
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u32);
    __type(value, __u64);
} test_hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, __u64);
} test_packets SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 64);
    __type(key, struct prefix_v4);
    __type(value, __u32);
} test_prefixes SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} test_seen SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} test_events SEC(".maps");

struct event {
    __u32 length;
    __u32 answer;
};

/* Counts every packet (slot 0) and passes it; drops it when the read-only answer is 13, for the verdict tests. */
SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
    __u32 slot = 0;
    __u64 *count = bpf_map_lookup_elem(&test_packets, &slot);
    if (count)
        *count += 1;
    __u64 *seen = bpf_map_lookup_elem(&test_seen, &slot);
    if (seen)
        *seen = ((__u64)answer << 32) | (ctx->data_end - ctx->data);
    struct event event = { .length = ctx->data_end - ctx->data, .answer = answer };
    bpf_ringbuf_output(&test_events, &event, sizeof(event), 0);
    if (answer == 13)
        return XDP_DROP;
    (void)stamp;
    return XDP_PASS;
}

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 3);
    __type(key, __u32);
    __type(value, __u64);
} test_hooks SEC(".maps");

static __always_inline void count_hook(__u32 slot)
{
    __u64 *count = bpf_map_lookup_elem(&test_hooks, &slot);
    if (count)
        __sync_fetch_and_add(count, 1);
}

/* Counts packets seen at a TC hook (slot 0) and lets them through. */
SEC("tc")
int count_tc(struct __sk_buff *skb)
{
    (void)skb;
    count_hook(0);
    return -1; /* TC_ACT_UNSPEC: the next program, or the stack, decides */
}

/* Counts TCP sockets reaching ESTABLISHED (slot 1). */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(count_established, const struct sock *sk, int oldstate, int newstate)
{
    (void)sk;
    (void)oldstate;
    if (newstate == 1 /* TCP_ESTABLISHED */)
        count_hook(1);
    return 0;
}

char LICENSE[] SEC("license") = "Apache-2.0";
