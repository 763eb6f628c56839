// SPDX-License-Identifier: Apache-2.0
/*
 * The guard: an XDP program that admits or drops packets to the node's own ports by their source address.
 *
 * Only IPv4 and IPv6 packets carrying TCP or UDP to a port in guard_ports are ever judged; everything else
 * (ARP, ICMP, other ports, non-first fragments, what does not parse) passes untouched, so that a guard can
 * never cut an operator off the machine. A judged source is looked up in the allow and deny tries (longest
 * prefix match, IPv4 and IPv6 apart); when both match, the more specific rule wins and a deny wins a tie. A
 * source no rule names passes in deny-list mode and is dropped in allow-list mode. What would pass is then
 * held to a per-source packet rate (GCRA, one second of burst) when the configuration sets one.
 *
 * The user-space side (io.pangea.guard.xdp) owns every map: it writes the rules, the ports and the
 * configuration, and sums the per-CPU counters.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "packet.bpf.h"

/* Fixed at load time (set from user space in .rodata): count what would be dropped, but drop nothing. */
const volatile __u32 dry_run = 0;

enum guard_counter {
    COUNTER_PASSED = 0,
    COUNTER_DROPPED_DENIED = 1,
    COUNTER_DROPPED_UNKNOWN = 2,
    COUNTER_DROPPED_RATE = 3,
    COUNTER_COUNT = 4,
};

enum guard_mode {
    MODE_DENY_LIST = 0,
    MODE_ALLOW_LIST = 1,
};

struct guard_config {
    __u32 mode;               /* enum guard_mode */
    __u32 reserved;
    __u64 rate_interval_ns;   /* nanoseconds one packet costs a source; 0: no rate limit */
    __u64 rate_burst_ns;      /* how far ahead of now a source may run: rate_interval_ns times the burst */
};

struct prefix_v4 {
    __u32 prefixlen;
    __u8 addr[4];
};

struct prefix_v6 {
    __u32 prefixlen;
    __u8 addr[16];
};

/* A rule's value is its own prefix length, so that the more specific of an allow and a deny match can win. */
struct rule {
    __u32 prefixlen;
};

/* A source for the rate limit: IPv4 as ::ffff:a.b.c.d. */
struct source {
    __u8 addr[16];
};

/* The theoretical arrival time of the source's next packet (GCRA). */
struct source_rate {
    __u64 tat;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u16);       /* destination port, host order */
    __type(value, __u8);
} guard_ports SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct guard_config);
} guard_config SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct prefix_v4);
    __type(value, struct rule);
} guard_allow_v4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct prefix_v4);
    __type(value, struct rule);
} guard_deny_v4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct prefix_v6);
    __type(value, struct rule);
} guard_allow_v6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct prefix_v6);
    __type(value, struct rule);
} guard_deny_v6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct source);
    __type(value, struct source_rate);
} guard_rate SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, COUNTER_COUNT);
    __type(key, __u32);
    __type(value, __u64);
} guard_counters SEC(".maps");

static __always_inline void count(__u32 counter)
{
    __u64 *value = bpf_map_lookup_elem(&guard_counters, &counter);
    if (value)
        *value += 1;
}

static __always_inline int is_node_port(__u16 port_network_order)
{
    __u16 port = bpf_ntohs(port_network_order);
    return bpf_map_lookup_elem(&guard_ports, &port) != NULL;
}

/* The prefix length of the longest rule in trie that holds the source, or -1. */
static __always_inline int match_v4(void *trie, const struct source *source)
{
    struct prefix_v4 key = { .prefixlen = 32 };
    __builtin_memcpy(key.addr, &source->addr[12], 4);
    struct rule *rule = bpf_map_lookup_elem(trie, &key);
    return rule ? (int)rule->prefixlen : -1;
}

static __always_inline int match_v6(void *trie, const struct source *source)
{
    struct prefix_v6 key = { .prefixlen = 128 };
    __builtin_memcpy(key.addr, source->addr, 16);
    struct rule *rule = bpf_map_lookup_elem(trie, &key);
    return rule ? (int)rule->prefixlen : -1;
}

/*
 * GCRA: 1 when the source may send one more packet now, and charges it. CPUs update a source's entry without
 * atomics: a race lets a packet or two more through, which a rate limit can afford.
 */
static __always_inline int within_rate(const struct guard_config *config, const struct source *source)
{
    __u64 now = bpf_ktime_get_ns();
    struct source_rate *rate = bpf_map_lookup_elem(&guard_rate, source);
    if (!rate) {
        struct source_rate first = { .tat = now + config->rate_interval_ns };
        bpf_map_update_elem(&guard_rate, source, &first, BPF_ANY);
        return 1;
    }
    __u64 tat = rate->tat > now ? rate->tat : now;
    __u64 next = tat + config->rate_interval_ns;
    if (next - now > config->rate_burst_ns)
        return 0;
    rate->tat = next;
    return 1;
}

static __always_inline int verdict(__u32 counter)
{
    count(counter);
    if (counter == COUNTER_PASSED || dry_run)
        return XDP_PASS;
    return XDP_DROP;
}

SEC("xdp")
int guard(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;

    /* Judged: TCP or UDP (packet.bpf.h) to one of the node's ports; all else passes untouched. */
    struct packet_headers packet = {};
    if (!packet_parse(data, data_end, &packet) || !is_node_port(packet.destination_port))
        return XDP_PASS;
    struct source source = {};
    __builtin_memcpy(source.addr, packet.source, 16);

    __u32 zero = 0;
    struct guard_config *config = bpf_map_lookup_elem(&guard_config, &zero);
    if (!config)
        return XDP_PASS;

    int allowed = packet.ipv6 ? match_v6(&guard_allow_v6, &source) : match_v4(&guard_allow_v4, &source);
    int denied = packet.ipv6 ? match_v6(&guard_deny_v6, &source) : match_v4(&guard_deny_v4, &source);
    if (denied >= 0 && denied >= allowed)
        return verdict(COUNTER_DROPPED_DENIED);
    if (allowed < 0 && config->mode == MODE_ALLOW_LIST)
        return verdict(COUNTER_DROPPED_UNKNOWN);
    if (config->rate_interval_ns && !within_rate(config, &source))
        return verdict(COUNTER_DROPPED_RATE);
    return verdict(COUNTER_PASSED);
}

/* No GPL-only helper is called, so the program carries the project's own licence. */
char LICENSE[] SEC("license") = "Apache-2.0";
