// SPDX-License-Identifier: Apache-2.0
/*
 * conntrack: TC programs at the ingress and egress hooks of the node's interfaces that track its TCP and UDP
 * connections, IPv4 and IPv6.
 *
 * Both directions of a connection meet in one entry of conntrack_flows: the key holds the two endpoints ordered
 * (the lower endpoint first, comparing the 16 address bytes, IPv4 as ::ffff:a.b.c.d, then the 2 port bytes, all
 * big-endian), and the value counts packets and bytes per direction relative to that order, the first and last
 * time a packet was seen (bpf_ktime_get_ns: CLOCK_MONOTONIC), the TCP flags seen, and the orientation of the
 * first packet (which direction, at which hook) so that user space can tell the node's end from the peer's.
 *
 * Each entry carries the connection's 64-bit id, codec conntrack-v1, computed here once when the entry is made:
 * the first 8 bytes, big-endian, of SHA-256 over the protocol name ("tcp" or "udp"), a 0 byte, the lower and the
 * higher endpoint (18 bytes each, as above). The user-space /proc provider derives the same id from the same
 * 4-tuple, so both providers name a connection alike.
 *
 * A new entry is announced on the conntrack_events ring buffer. The programs never drop or redirect anything:
 * they return TCX_NEXT (TC_ACT_UNSPEC), so the packet goes on to any other TC program and then the stack, and
 * what does not parse as TCP or UDP over IPv4/IPv6 is simply not tracked. The map is an LRU hash, so the least
 * recently used entries go when it is full; user space deletes entries idle longer than its timeout.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "packet.bpf.h"

#define MAX_NODE_PORTS 32
/* Enough linear data for Ethernet, two VLAN tags, IPv6 with a few extension headers and a TCP header. */
#define HEADER_BYTES 192

/* TCX_NEXT: "not my business", the packet continues as if the program were not there. */
#define PASS_ON (-1)

enum hook {
    HOOK_INGRESS = 0,
    HOOK_EGRESS = 1,
};

/* A packet's direction relative to the key's order. */
enum direction {
    LOWER_TO_HIGHER = 0,
    HIGHER_TO_LOWER = 1,
};

enum conntrack_counter {
    COUNTER_PACKETS = 0,         /* TCP/UDP packets tracked */
    COUNTER_BYTES = 1,           /* their bytes */
    COUNTER_NEW_CONNECTIONS = 2, /* entries made */
    COUNTER_EVENTS_DROPPED = 3,  /* new-connection events lost because the ring buffer was full */
    COUNTER_COUNT = 4,
};

/*
 * Fixed at load time (set from user space in .rodata): when node_port_count is not 0, only packets with one of
 * these ports (host order) at either end are tracked, so that a busy machine's other traffic costs no entries.
 */
const volatile __u16 node_ports[MAX_NODE_PORTS] = {};
const volatile __u32 node_port_count = 0;

/* Ports in network order, so that (address, port) compares bytewise as one 18-byte big-endian string. */
struct conn_key {
    __u8 lower_addr[16];
    __u8 higher_addr[16];
    __u16 lower_port;
    __u16 higher_port;
    __u8 protocol;     /* IPPROTO_TCP or IPPROTO_UDP */
    __u8 pad[3];
};

struct conn_flow {
    __u64 id;
    __u64 first_seen_ns;
    __u64 last_seen_ns;
    __u64 packets[2];  /* by enum direction */
    __u64 bytes[2];
    __u32 tcp_flags;   /* every TCP flag seen in either direction (FIN 0x01 … CWR 0x80) */
    __u8 first_direction;
    __u8 first_hook;
    __u8 pad[2];
};

struct conn_event {
    struct conn_key key;
    __u64 id;
    __u64 timestamp_ns;
    __u8 direction;    /* of the first packet */
    __u8 hook;         /* where the first packet was seen */
    __u16 packets;     /* the first skb's packets (more than 1 only for GSO) */
    __u32 bytes;       /* and its bytes */
};

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct conn_key);
    __type(value, struct conn_flow);
} conntrack_flows SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 256 * 1024);
} conntrack_events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, COUNTER_COUNT);
    __type(key, __u32);
    __type(value, __u64);
} conntrack_counters SEC(".maps");

static __always_inline void count(__u32 counter, __u64 amount)
{
    __u64 *value = bpf_map_lookup_elem(&conntrack_counters, &counter);
    if (value)
        *value += amount;
}

/* ---- SHA-256 of one 64-byte block (FIPS 180-4), enough for the 40-byte conntrack-v1 id message ---- */

static const __u32 SHA256_ROUND[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static __always_inline __u32 be32_at(const __u8 *bytes)
{
    return (__u32)bytes[0] << 24 | (__u32)bytes[1] << 16 | (__u32)bytes[2] << 8 | bytes[3];
}

/*
 * The conntrack-v1 id of a connection: its message is 40 bytes, so it is one padded block (0x80, zeros, the
 * length in bits, 320, in the last 8 bytes) and one compression. The rounds stay a loop (the verifier walks its
 * 64 bounded iterations; unrolled, clang spills past the 512-byte stack) and the schedule lives in 16 rolling
 * words. A subprogram of its own, so that each hook's program carries it once and runs it only for new entries.
 */
static __noinline __u64 connection_id(const struct conn_key *key)
{
    __u8 block[64] = {};
    if (key->protocol == IPPROTO_TCP_) {
        block[0] = 't';
        block[1] = 'c';
        block[2] = 'p';
    } else {
        block[0] = 'u';
        block[1] = 'd';
        block[2] = 'p';
    }
    /* block[3] = 0: the separator */
    __builtin_memcpy(&block[4], key->lower_addr, 16);
    __builtin_memcpy(&block[20], &key->lower_port, 2);
    __builtin_memcpy(&block[22], key->higher_addr, 16);
    __builtin_memcpy(&block[38], &key->higher_port, 2);
    block[40] = 0x80;
    block[62] = 0x01; /* 320 = 0x0140 bits */
    block[63] = 0x40;

    __u32 w[16];
#pragma clang loop unroll(full)
    for (int i = 0; i < 16; i++)
        w[i] = be32_at(&block[i * 4]);

    __u32 a = 0x6a09e667, b = 0xbb67ae85, c = 0x3c6ef372, d = 0xa54ff53a;
    __u32 e = 0x510e527f, f = 0x9b05688c, g = 0x1f83d9ab, h = 0x5be0cd19;
#pragma clang loop unroll(disable)
    for (__u32 t = 0; t < 64; t++) {
        __u32 word;
        if (t < 16) {
            word = w[t & 15];
        } else {
            __u32 w15 = w[(t - 15) & 15];
            __u32 w2 = w[(t - 2) & 15];
            __u32 s0 = ROTR(w15, 7) ^ ROTR(w15, 18) ^ (w15 >> 3);
            __u32 s1 = ROTR(w2, 17) ^ ROTR(w2, 19) ^ (w2 >> 10);
            word = w[t & 15] + s0 + w[(t - 7) & 15] + s1;
            w[t & 15] = word;
        }
        __u32 sum1 = ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25);
        __u32 choose = (e & f) ^ (~e & g);
        __u32 t1 = h + sum1 + choose + SHA256_ROUND[t & 63] + word;
        __u32 sum0 = ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22);
        __u32 majority = (a & b) ^ (a & c) ^ (b & c);
        __u32 t2 = sum0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    /* Only the first 8 bytes of the digest are the id: H0 and H1. */
    __u32 h0 = a + 0x6a09e667;
    __u32 h1 = b + 0xbb67ae85;
    return (__u64)h0 << 32 | h1;
}

/* ---- parsing ---- */

static __always_inline int is_node_port(__u16 port_network_order)
{
    if (node_port_count == 0)
        return 1;
    __u16 port = bpf_ntohs(port_network_order);
#pragma clang loop unroll(full)
    for (int i = 0; i < MAX_NODE_PORTS; i++) {
        if (i >= node_port_count)
            break;
        if (node_ports[i] == port)
            return 1;
    }
    return 0;
}

/*
 * 1 when the packet is TCP or UDP (packet.bpf.h) with a node port at either end (any port when node_ports is
 * empty): a packet to track. A subprogram, as is linear_bytes(): when both read skb->data in one function, clang
 * keeps the field's offset in a register and adds it to the context pointer, which the verifier refuses.
 */
static __noinline int parse(struct __sk_buff *skb, struct packet_headers *packet)
{
    void *data = (void *)(long)skb->data;
    void *data_end = (void *)(long)skb->data_end;
    if (!packet_parse(data, data_end, packet))
        return 0;
    return is_node_port(packet->source_port) || is_node_port(packet->destination_port);
}

static __noinline __u32 linear_bytes(struct __sk_buff *skb)
{
    return (long)skb->data_end - (long)skb->data;
}

/* 1 when (a, a_port) sorts after (b, b_port): addresses bytewise, then ports, all big-endian. */
static __always_inline int endpoint_after(const __u8 *a, __u16 a_port, const __u8 *b, __u16 b_port)
{
#pragma clang loop unroll(full)
    for (int i = 0; i < 16; i++) {
        if (a[i] != b[i])
            return a[i] > b[i];
    }
    return bpf_ntohs(a_port) > bpf_ntohs(b_port);
}

/* ---- tracking ---- */

static __always_inline int track(struct __sk_buff *skb, __u8 hook)
{
    /* Headers are nearly always in the linear part already; a GSO or forwarded skb may need pulling once. */
    __u32 linear = linear_bytes(skb);
    if (linear < HEADER_BYTES && skb->len > linear)
        bpf_skb_pull_data(skb, skb->len < HEADER_BYTES ? skb->len : HEADER_BYTES);

    struct packet_headers packet = {};
    if (!parse(skb, &packet))
        return PASS_ON;

    struct conn_key key = {};
    __u8 direction;
    if (endpoint_after(packet.source, packet.source_port, packet.destination, packet.destination_port)) {
        direction = HIGHER_TO_LOWER;
        __builtin_memcpy(key.lower_addr, packet.destination, 16);
        __builtin_memcpy(key.higher_addr, packet.source, 16);
        key.lower_port = packet.destination_port;
        key.higher_port = packet.source_port;
    } else {
        direction = LOWER_TO_HIGHER;
        __builtin_memcpy(key.lower_addr, packet.source, 16);
        __builtin_memcpy(key.higher_addr, packet.destination, 16);
        key.lower_port = packet.source_port;
        key.higher_port = packet.destination_port;
    }
    key.protocol = packet.protocol;

    /* A GSO skb on egress is many packets on the wire; bytes are the skb's (one set of headers). */
    __u64 packets = skb->gso_segs > 1 ? skb->gso_segs : 1;
    __u64 bytes = skb->len;
    __u64 now = bpf_ktime_get_ns();
    count(COUNTER_PACKETS, packets);
    count(COUNTER_BYTES, bytes);

    struct conn_flow *flow = bpf_map_lookup_elem(&conntrack_flows, &key);
    if (!flow) {
        struct conn_flow fresh = {};
        fresh.id = connection_id(&key);
        fresh.first_seen_ns = now;
        fresh.last_seen_ns = now;
        fresh.packets[direction & 1] = packets;
        fresh.bytes[direction & 1] = bytes;
        fresh.tcp_flags = packet.tcp_flags;
        fresh.first_direction = direction;
        fresh.first_hook = hook;
        /* NOEXIST: when another CPU made the entry meanwhile, this packet is added to that one below. */
        if (bpf_map_update_elem(&conntrack_flows, &key, &fresh, BPF_NOEXIST) == 0) {
            count(COUNTER_NEW_CONNECTIONS, 1);
            struct conn_event *event = bpf_ringbuf_reserve(&conntrack_events, sizeof(*event), 0);
            if (!event) {
                count(COUNTER_EVENTS_DROPPED, 1);
                return PASS_ON;
            }
            __builtin_memcpy(&event->key, &key, sizeof(key));
            event->id = fresh.id;
            event->timestamp_ns = now;
            event->direction = direction;
            event->hook = hook;
            event->packets = packets > 0xffff ? 0xffff : packets;
            event->bytes = bytes;
            bpf_ringbuf_submit(event, 0);
            return PASS_ON;
        }
        flow = bpf_map_lookup_elem(&conntrack_flows, &key);
        if (!flow)
            return PASS_ON;
    }
    __sync_fetch_and_add(&flow->packets[direction & 1], packets);
    __sync_fetch_and_add(&flow->bytes[direction & 1], bytes);
    flow->last_seen_ns = now;
    /* Not atomic (clang's default BPF CPU has no atomic OR): two CPUs racing may lose a flag, rarely. */
    if ((flow->tcp_flags & packet.tcp_flags) != packet.tcp_flags)
        flow->tcp_flags |= packet.tcp_flags;
    return PASS_ON;
}

SEC("tc")
int conntrack_ingress(struct __sk_buff *skb)
{
    return track(skb, HOOK_INGRESS);
}

SEC("tc")
int conntrack_egress(struct __sk_buff *skb)
{
    return track(skb, HOOK_EGRESS);
}

/* No GPL-only helper is called, so the program carries the project's own licence. */
char LICENSE[] SEC("license") = "Apache-2.0";
