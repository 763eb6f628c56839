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

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_AH_ 51
#define IPPROTO_DSTOPTS_ 60
#define IP_MF 0x2000
#define IP_OFFSET 0x1FFF
#define IPV6_FRAG_OFFSET 0xFFF8
#define MAX_VLAN_TAGS 2
#define MAX_IPV6_EXTENSIONS 6

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

/* What the parser found: the source address and whether the packet is for the guard at all. */
struct packet {
    struct source source;
    int ipv6;
    int judged;
};

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

/* Reads the destination port of the TCP or UDP header at l4; 1 when it is one of the node's ports. */
static __always_inline int l4_is_for_node(void *l4, void *data_end, __u8 protocol)
{
    if (protocol == IPPROTO_TCP_) {
        struct tcphdr *tcp = l4;
        if ((void *)(tcp + 1) > data_end)
            return 0;
        return is_node_port(tcp->dest);
    }
    if (protocol == IPPROTO_UDP_) {
        struct udphdr *udp = l4;
        if ((void *)(udp + 1) > data_end)
            return 0;
        return is_node_port(udp->dest);
    }
    return 0;
}

static __always_inline void parse_ipv4(void *l3, void *data_end, struct packet *packet)
{
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > data_end)
        return;
    if (ip->ihl < 5)
        return;
    /* A fragment after the first has no ports: it cannot be attributed, so it passes untouched. */
    if (bpf_ntohs(ip->frag_off) & IP_OFFSET)
        return;
    void *l4 = l3 + ip->ihl * 4;
    if (!l4_is_for_node(l4, data_end, ip->protocol))
        return;
    packet->source.addr[10] = 0xff;
    packet->source.addr[11] = 0xff;
    __builtin_memcpy(&packet->source.addr[12], &ip->saddr, 4);
    packet->judged = 1;
}

static __always_inline void parse_ipv6(void *l3, void *data_end, struct packet *packet)
{
    struct ipv6hdr *ip = l3;
    if ((void *)(ip + 1) > data_end)
        return;
    __u8 next = ip->nexthdr;
    void *cursor = (void *)(ip + 1);

#pragma unroll
    for (int i = 0; i < MAX_IPV6_EXTENSIONS; i++) {
        if (next == IPPROTO_TCP_ || next == IPPROTO_UDP_)
            break;
        if (next == IPPROTO_FRAGMENT_) {
            struct frag_hdr *fragment = cursor;
            if ((void *)(fragment + 1) > data_end)
                return;
            if (bpf_ntohs(fragment->frag_off) & IPV6_FRAG_OFFSET)
                return;
            next = fragment->nexthdr;
            cursor = (void *)(fragment + 1);
        } else if (next == IPPROTO_HOPOPTS_ || next == IPPROTO_ROUTING_ || next == IPPROTO_DSTOPTS_) {
            struct ipv6_opt_hdr *option = cursor;
            if ((void *)(option + 1) > data_end)
                return;
            next = option->nexthdr;
            cursor += (option->hdrlen + 1) * 8;
        } else if (next == IPPROTO_AH_) {
            struct ipv6_opt_hdr *option = cursor;
            if ((void *)(option + 1) > data_end)
                return;
            next = option->nexthdr;
            cursor += (option->hdrlen + 2) * 4;
        } else {
            return;
        }
    }
    if (!l4_is_for_node(cursor, data_end, next))
        return;
    __builtin_memcpy(packet->source.addr, &ip->saddr, 16);
    packet->ipv6 = 1;
    packet->judged = 1;
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
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return XDP_PASS;
    __u16 protocol = eth->h_proto;
    void *l3 = (void *)(eth + 1);

#pragma unroll
    for (int i = 0; i < MAX_VLAN_TAGS; i++) {
        if (protocol != bpf_htons(ETH_P_8021Q) && protocol != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *vlan = l3;
        if ((void *)(vlan + 1) > data_end)
            return XDP_PASS;
        protocol = vlan->h_vlan_encapsulated_proto;
        l3 = (void *)(vlan + 1);
    }

    struct packet packet = {};
    if (protocol == bpf_htons(ETH_P_IP))
        parse_ipv4(l3, data_end, &packet);
    else if (protocol == bpf_htons(ETH_P_IPV6))
        parse_ipv6(l3, data_end, &packet);
    if (!packet.judged)
        return XDP_PASS;

    __u32 zero = 0;
    struct guard_config *config = bpf_map_lookup_elem(&guard_config, &zero);
    if (!config)
        return XDP_PASS;

    int allowed = packet.ipv6 ? match_v6(&guard_allow_v6, &packet.source) : match_v4(&guard_allow_v4, &packet.source);
    int denied = packet.ipv6 ? match_v6(&guard_deny_v6, &packet.source) : match_v4(&guard_deny_v4, &packet.source);
    if (denied >= 0 && denied >= allowed)
        return verdict(COUNTER_DROPPED_DENIED);
    if (allowed < 0 && config->mode == MODE_ALLOW_LIST)
        return verdict(COUNTER_DROPPED_UNKNOWN);
    if (config->rate_interval_ns && !within_rate(config, &packet.source))
        return verdict(COUNTER_DROPPED_RATE);
    return verdict(COUNTER_PASSED);
}

/* No GPL-only helper is called, so the program carries the project's own licence. */
char LICENSE[] SEC("license") = "Apache-2.0";
