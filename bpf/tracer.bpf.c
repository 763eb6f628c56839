// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
/* The metrics tracer: counts TCP retransmissions, socket state changes and resets as the kernel's own TCP code
 * reports them (BTF-enabled tracepoints, tp_btf), so the node sees what its connections go through without
 * touching a packet. Packaged by io.pangea.tracer at bpf/tracer.bpf.o; see bpf/README.md.
 *
 * Sockets are read through the BTF-typed tracepoint arguments (direct, verifier-checked, CO-RE relocated loads),
 * and with BPF_CORE_READ where the verifier's type does not reach (struct inet_sock, the segment of a reset). The
 * kernel lets only GPL-compatible programs read its structures ("Cannot access kernel 'struct sock' from non-GPL
 * compatible program"), whichever way they read them: hence this file's dual licence, unlike the rest of Pangea
 * (Apache-2.0). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#define AF_INET 2
#define AF_INET6 10
#define PROTOCOL_TCP 6
#define MAX_PORTS 16

/* Values of enum tcp_state (include/net/tcp_states.h), stable kernel ABI. */
#define STATE_ESTABLISHED 1
#define STATE_SYN_SENT 2
#define STATE_SYN_RECV 3
#define STATE_CLOSE 7
#define STATE_TIME_WAIT 6
#define STATE_NEW_SYN_RECV 12
#define STATES 16

/* The node's own ports (host order), set before load; with none, every TCP socket of the machine is counted. */
const volatile __u16 node_ports[MAX_PORTS] = {};
const volatile __u32 node_port_count = 0;

/* Slots of tracer_counters; io.pangea.tracer reads them by these numbers. */
enum counter {
    RETRANSMITS = 0,     /* tcp_retransmit_skb events */
    OPENED_ACTIVE = 1,   /* SYN_SENT -> ESTABLISHED: this machine connected */
    OPENED_PASSIVE = 2,  /* SYN_RECV -> ESTABLISHED: this machine accepted */
    RESETS_SENT = 3,     /* tcp_send_reset */
    RESETS_RECEIVED = 4, /* tcp_receive_reset */
    ABORTED = 5,         /* ESTABLISHED -> CLOSE: ended without the FIN exchange (a reset, or a timeout) */
    COUNTERS = 8,
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, COUNTERS);
    __type(key, __u32);
    __type(value, __u64);
} tracer_counters SEC(".maps");

/* Transitions into each TCP state, indexed by the new state. */
struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, STATES);
    __type(key, __u32);
    __type(value, __u64);
} tracer_states SEC(".maps");

/* The remote end of a retransmitting connection: IPv4 in the first 4 bytes of addr. */
struct remote {
    __u8 addr[16];
    __u16 port;   /* host order */
    __u16 family; /* AF_INET or AF_INET6 */
};

/* Retransmissions per remote end. LRU, so a machine talking to many peers forgets the quiet ones rather than
 * stop counting new ones; the size is set from configuration before load. */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4096);
    __type(key, struct remote);
    __type(value, __u64);
} tracer_remotes SEC(".maps");

static __always_inline void count(void *map, __u32 slot)
{
    __u64 *value = bpf_map_lookup_elem(map, &slot);
    if (value)
        *value += 1; /* per-CPU: no other CPU writes this copy */
}

static __always_inline bool watched_port(__u16 port)
{
    for (__u32 i = 0; i < MAX_PORTS; i++) {
        if (i >= node_port_count)
            break;
        if (node_ports[i] == port)
            return true;
    }
    return false;
}

/* The socket's local port. Not skc_num for a full socket: the kernel releases the port (and zeroes skc_num) before
 * it reports the move to CLOSE, while inet_sport stays. Time-wait and request sockets are no inet_sock and never
 * release theirs, so for them skc_num it is. */
static __always_inline __u16 local_port(const struct sock *sk)
{
    __u8 state = sk->__sk_common.skc_state;
    if (state == STATE_TIME_WAIT || state == STATE_NEW_SYN_RECV)
        return sk->__sk_common.skc_num;
    return bpf_ntohs(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
}

static __always_inline bool watched(const struct sock *sk)
{
    return node_port_count == 0 || watched_port(local_port(sk));
}

static __always_inline void count_remote(const struct sock *sk)
{
    struct remote key = {};
    __u16 family = sk->__sk_common.skc_family;
    if (family == AF_INET) {
        __builtin_memcpy(key.addr, &sk->__sk_common.skc_daddr, 4);
    } else if (family == AF_INET6) {
        __builtin_memcpy(key.addr, &sk->__sk_common.skc_v6_daddr, 16);
    } else {
        return;
    }
    key.family = family;
    key.port = __builtin_bswap16(sk->__sk_common.skc_dport);
    __u64 *value = bpf_map_lookup_elem(&tracer_remotes, &key);
    if (value) {
        __sync_fetch_and_add(value, 1);
        return;
    }
    __u64 one = 1;
    /* Two CPUs may race to insert the same remote; the loser's first count is folded in below. */
    if (bpf_map_update_elem(&tracer_remotes, &key, &one, BPF_NOEXIST) != 0) {
        value = bpf_map_lookup_elem(&tracer_remotes, &key);
        if (value)
            __sync_fetch_and_add(value, 1);
    }
}

/* Fires for every retransmitted packet (a TSO packet may carry several segments; the kernel's RetransSegs counts
 * those). On kernels whose tracepoint carries an error argument it also fires for attempts that failed locally; the
 * argument is not read, so that the object loads on kernels without it. */
SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tracer_retransmit, const struct sock *sk, const struct sk_buff *skb)
{
    (void)skb;
    if (!watched(sk))
        return 0;
    count(&tracer_counters, RETRANSMITS);
    count_remote(sk);
    return 0;
}

/* Also fires for other protocols (SCTP, the MPTCP socket itself); only TCP is counted, MPTCP subflows included. */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(tracer_state, const struct sock *sk, int oldstate, int newstate)
{
    if (sk->sk_protocol != PROTOCOL_TCP || !watched(sk))
        return 0;
    if (newstate > 0 && newstate < STATES)
        count(&tracer_states, newstate);
    if (newstate == STATE_ESTABLISHED) {
        if (oldstate == STATE_SYN_SENT)
            count(&tracer_counters, OPENED_ACTIVE);
        else if (oldstate == STATE_SYN_RECV)
            count(&tracer_counters, OPENED_PASSIVE);
    } else if (newstate == STATE_CLOSE && oldstate == STATE_ESTABLISHED) {
        count(&tracer_counters, ABORTED);
    }
    return 0;
}

/* sk is NULL when the reset answers a segment that matched no socket (a closed port): then the local port is that
 * segment's destination port. */
SEC("tp_btf/tcp_send_reset")
int BPF_PROG(tracer_send_reset, const struct sock *sk, const struct sk_buff *skb)
{
    if (node_port_count != 0) {
        if (sk) {
            if (!watched(sk))
                return 0;
        } else if (skb) {
            struct tcphdr th = {};
            unsigned char *head = skb->head;
            if (!head || bpf_probe_read_kernel(&th, sizeof(th), head + skb->transport_header) != 0
                    || !watched_port(bpf_ntohs(th.dest)))
                return 0;
        } else {
            return 0;
        }
    }
    count(&tracer_counters, RESETS_SENT);
    return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(tracer_receive_reset, const struct sock *sk)
{
    if (!watched(sk))
        return 0;
    count(&tracer_counters, RESETS_RECEIVED);
    return 0;
}

/* GPL-compatible for the kernel (see the top of the file); BSD for everyone else. */
char LICENSE[] SEC("license") = "Dual BSD/GPL";
