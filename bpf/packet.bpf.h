// SPDX-License-Identifier: Apache-2.0
/*
 * The packet parsing the guard (XDP) and connection tracking (TC) share: Ethernet with up to MAX_VLAN_TAGS VLAN
 * tags, IPv4 or IPv6 (with up to MAX_IPV6_EXTENSIONS extension headers), then the ports of a TCP or UDP header.
 *
 * Written once so that both programs read a packet alike; what they make of it (which ports matter, whether to
 * drop, what to count) stays in each program. Every function is static __always_inline, as it was in the
 * programs: a header included twice must not define symbols, and inlined, each bounds check against data_end
 * stands in the caller's function, where the verifier proves it, so the code it accepts does not change. A
 * program that wants the parsing in a subprogram of its own (conntrack, for skb->data) wraps packet_parse().
 *
 * Include after vmlinux.h; the header includes the rest it needs.
 */
#ifndef PANGEA_PACKET_BPF_H
#define PANGEA_PACKET_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
/* vmlinux.h has the IPPROTO_* enum but not as macros; the trailing _ keeps the two apart. */
#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_AH_ 51
#define IPPROTO_DSTOPTS_ 60
#define IP_OFFSET 0x1FFF
#define IPV6_FRAG_OFFSET 0xFFF8
/* Bounded loops the verifier can walk: more tags or extension headers than these do not parse. */
#define MAX_VLAN_TAGS 2
#define MAX_IPV6_EXTENSIONS 6

/* What packet_parse() found in a TCP or UDP packet over IPv4 or IPv6. */
struct packet_headers {
    __u8 source[16];         /* IPv4 as ::ffff:a.b.c.d */
    __u8 destination[16];
    __u16 source_port;       /* network order */
    __u16 destination_port;  /* network order */
    __u8 protocol;           /* IPPROTO_TCP_ or IPPROTO_UDP_ */
    __u8 tcp_flags;          /* CWR ECE URG ACK PSH RST SYN FIN; 0 for UDP */
    __u8 ipv6;               /* 1 for IPv6, 0 for IPv4 */
    __u8 pad;
};

/* 1 when l4 holds a whole TCP or UDP header, whose ports (and TCP flags) it then copies into headers. */
static __always_inline int packet_parse_l4(void *l4, void *data_end, __u8 protocol, struct packet_headers *headers)
{
    if (protocol == IPPROTO_TCP_) {
        struct tcphdr *tcp = l4;
        if ((void *)(tcp + 1) > data_end)
            return 0;
        headers->source_port = tcp->source;
        headers->destination_port = tcp->dest;
        /* The flags byte follows the data offset byte: CWR ECE URG ACK PSH RST SYN FIN. */
        headers->tcp_flags = ((__u8 *)tcp)[13];
    } else if (protocol == IPPROTO_UDP_) {
        struct udphdr *udp = l4;
        if ((void *)(udp + 1) > data_end)
            return 0;
        headers->source_port = udp->source;
        headers->destination_port = udp->dest;
    } else {
        return 0;
    }
    headers->protocol = protocol;
    return 1;
}

static __always_inline int packet_parse_ipv4(void *l3, void *data_end, struct packet_headers *headers)
{
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > data_end)
        return 0;
    if (ip->ihl < 5)
        return 0;
    /* A fragment after the first carries no ports: it cannot be attributed to a connection or a node port. */
    if (bpf_ntohs(ip->frag_off) & IP_OFFSET)
        return 0;
    headers->source[10] = 0xff;
    headers->source[11] = 0xff;
    __builtin_memcpy(&headers->source[12], &ip->saddr, 4);
    headers->destination[10] = 0xff;
    headers->destination[11] = 0xff;
    __builtin_memcpy(&headers->destination[12], &ip->daddr, 4);
    return packet_parse_l4(l3 + ip->ihl * 4, data_end, ip->protocol, headers);
}

static __always_inline int packet_parse_ipv6(void *l3, void *data_end, struct packet_headers *headers)
{
    struct ipv6hdr *ip = l3;
    if ((void *)(ip + 1) > data_end)
        return 0;
    __u8 next = ip->nexthdr;
    void *cursor = (void *)(ip + 1);

#pragma unroll
    for (int i = 0; i < MAX_IPV6_EXTENSIONS; i++) {
        if (next == IPPROTO_TCP_ || next == IPPROTO_UDP_)
            break;
        if (next == IPPROTO_FRAGMENT_) {
            struct frag_hdr *fragment = cursor;
            if ((void *)(fragment + 1) > data_end)
                return 0;
            /* As for IPv4: only the first fragment has the ports. */
            if (bpf_ntohs(fragment->frag_off) & IPV6_FRAG_OFFSET)
                return 0;
            next = fragment->nexthdr;
            cursor = (void *)(fragment + 1);
        } else if (next == IPPROTO_HOPOPTS_ || next == IPPROTO_ROUTING_ || next == IPPROTO_DSTOPTS_) {
            struct ipv6_opt_hdr *option = cursor;
            if ((void *)(option + 1) > data_end)
                return 0;
            next = option->nexthdr;
            cursor += (option->hdrlen + 1) * 8;
        } else if (next == IPPROTO_AH_) {
            /* AH counts its length in 4-byte words, less 2; the others in 8-byte words, less 1. */
            struct ipv6_opt_hdr *option = cursor;
            if ((void *)(option + 1) > data_end)
                return 0;
            next = option->nexthdr;
            cursor += (option->hdrlen + 2) * 4;
        } else {
            return 0;
        }
    }
    __builtin_memcpy(headers->source, &ip->saddr, 16);
    __builtin_memcpy(headers->destination, &ip->daddr, 16);
    headers->ipv6 = 1;
    return packet_parse_l4(cursor, data_end, next, headers);
}

/*
 * 1 when the frame from data to data_end is TCP or UDP over IPv4 or IPv6 and its headers are whole: headers then
 * holds the addresses, ports and protocol. 0 for anything else (ARP, ICMP, later fragments, truncated headers);
 * headers may then be partly written, and the caller leaves the packet alone.
 */
static __always_inline int packet_parse(void *data, void *data_end, struct packet_headers *headers)
{
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end)
        return 0;
    __u16 protocol = eth->h_proto;
    void *l3 = (void *)(eth + 1);

#pragma unroll
    for (int i = 0; i < MAX_VLAN_TAGS; i++) {
        if (protocol != bpf_htons(ETH_P_8021Q) && protocol != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *vlan = l3;
        if ((void *)(vlan + 1) > data_end)
            return 0;
        protocol = vlan->h_vlan_encapsulated_proto;
        l3 = (void *)(vlan + 1);
    }
    if (protocol == bpf_htons(ETH_P_IP))
        return packet_parse_ipv4(l3, data_end, headers);
    if (protocol == bpf_htons(ETH_P_IPV6))
        return packet_parse_ipv6(l3, data_end, headers);
    return 0;
}

#endif /* PANGEA_PACKET_BPF_H */
