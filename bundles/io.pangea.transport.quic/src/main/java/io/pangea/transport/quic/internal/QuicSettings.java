package io.pangea.transport.quic.internal;

import java.time.Duration;

/**
 * The knobs of a {@link QuicHost}.
 *
 * @param agentVersion       what Identify reports as this node's agent
 * @param handshakeTimeout   from the first packet to a completed TLS handshake
 * @param negotiationTimeout protocol negotiation on one stream, and each Identify or Ping exchange
 * @param idleTimeout        a connection with no packet from the peer for this long is gone (QUIC max_idle_timeout)
 * @param pingInterval       how often a connection pings its peer for {@code quality()}; zero for never
 * @param maxConnections     connections held at once; more inbound ones are closed at once
 * @param maxStreams         bidirectional streams a peer may have open on one connection (QUIC stream credit)
 * @param connectionWindow   QUIC initial_max_data: bytes in flight on a connection
 * @param streamWindow       QUIC initial_max_stream_data: bytes in flight on one stream
 * @param receiveBuffer      bytes a stream holds for a slow reader before it stops reading
 * @param socketBuffer       SO_RCVBUF and SO_SNDBUF of the UDP sockets
 * @param congestionControl  {@code cubic}, {@code bbr} or {@code reno}
 * @param ioThreads          event loop threads; 0 for one per core
 * @param callbackThreads    threads that complete stream futures and run protocol handlers; 0 for two per core
 * @param udpPayload         the largest UDP payload (one QUIC packet) sent and accepted: {@value #UDP_PAYLOAD} fits
 *                           a 1500-byte Ethernet MTU; only a path with a larger MTU (loopback: 65536) may take
 *                           more, up to {@value #MAX_UDP_PAYLOAD}, for far fewer packets per byte
 * @param loopbackUdpPayload the largest UDP payload on sockets that talk only to this machine: dials to loopback
 *                           addresses, listeners on them ({@value #LOOPBACK_UDP_PAYLOAD} by default); the same as
 *                           {@code udpPayload} turns it off
 * @param gsoSegments        QUIC packets per send system call with UDP segmentation offload (epoll only); 1 for off.
 *                           Capped so one send stays within 64 KiB
 */
record QuicSettings(String agentVersion, Duration handshakeTimeout, Duration negotiationTimeout, Duration idleTimeout,
                    Duration pingInterval, int maxConnections, int maxStreams, long connectionWindow,
                    long streamWindow, int receiveBuffer, int socketBuffer, String congestionControl, int ioThreads,
                    int callbackThreads, int udpPayload, int loopbackUdpPayload, int gsoSegments) {
    static final String AGENT_VERSION = "pangea/0.1.0";
    /** 1500 (Ethernet) - 40 (IPv6) - 8 (UDP): safe on ordinary networks. */
    static final int UDP_PAYLOAD = 1452;
    /** 65535 - 8 (UDP header): the IPv4 datagram limit on loopback. */
    static final int MAX_UDP_PAYLOAD = 65527;
    static final int GSO_SEGMENTS = 16;
    /**
     * Packets to and from loopback addresses: 65536 (loopback's MTU) - 40 (IPv6) - 8 (UDP), never fragmented. quiche
     * fills at most 16383 bytes of a packet even so (measured); sending those one by one and four to a GSO send
     * (16376-byte packets) measured the same within this machine's noise, and this needs no GSO.
     */
    static final int LOOPBACK_UDP_PAYLOAD = 65488;

    QuicSettings {
        for (int payload : new int[] {udpPayload, loopbackUdpPayload}) {
            if (payload < 1200 || payload > MAX_UDP_PAYLOAD) {
                throw new IllegalArgumentException("a UDP payload must be 1200.." + MAX_UDP_PAYLOAD + " bytes, not "
                        + payload);
            }
        }
    }

    /** The largest packet sent on a socket that talks only to this machine ({@code loopback}), or to anywhere. */
    int udpPayload(boolean loopback) {
        return loopback ? loopbackUdpPayload : udpPayload;
    }

    /** The largest packet accepted from any peer. */
    int largestUdpPayload() {
        return Math.max(udpPayload, loopbackUdpPayload);
    }

    static QuicSettings defaults() {
        return new QuicSettings(AGENT_VERSION, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(15), 1024, 256, 64L << 20, 16L << 20, 4 << 20, 8 << 20, "cubic", 0, 0,
                UDP_PAYLOAD, LOOPBACK_UDP_PAYLOAD, GSO_SEGMENTS);
    }

    QuicSettings withIdleTimeout(Duration timeout) {
        return new QuicSettings(agentVersion, handshakeTimeout, negotiationTimeout, timeout, pingInterval,
                maxConnections, maxStreams, connectionWindow, streamWindow, receiveBuffer, socketBuffer,
                congestionControl, ioThreads, callbackThreads, udpPayload, loopbackUdpPayload, gsoSegments);
    }

    QuicSettings withHandshakeTimeout(Duration timeout) {
        return new QuicSettings(agentVersion, timeout, negotiationTimeout, idleTimeout, pingInterval,
                maxConnections, maxStreams, connectionWindow, streamWindow, receiveBuffer, socketBuffer,
                congestionControl, ioThreads, callbackThreads, udpPayload, loopbackUdpPayload, gsoSegments);
    }

    QuicSettings withPingInterval(Duration interval) {
        return new QuicSettings(agentVersion, handshakeTimeout, negotiationTimeout, idleTimeout, interval,
                maxConnections, maxStreams, connectionWindow, streamWindow, receiveBuffer, socketBuffer,
                congestionControl, ioThreads, callbackThreads, udpPayload, loopbackUdpPayload, gsoSegments);
    }

    QuicSettings withCongestionControl(String algorithm) {
        return new QuicSettings(agentVersion, handshakeTimeout, negotiationTimeout, idleTimeout, pingInterval,
                maxConnections, maxStreams, connectionWindow, streamWindow, receiveBuffer, socketBuffer, algorithm,
                ioThreads, callbackThreads, udpPayload, loopbackUdpPayload, gsoSegments);
    }

    /** The largest QUIC packet on loopback; see {@link #loopbackUdpPayload()}. */
    QuicSettings withLoopbackUdpPayload(int bytes) {
        return new QuicSettings(agentVersion, handshakeTimeout, negotiationTimeout, idleTimeout, pingInterval,
                maxConnections, maxStreams, connectionWindow, streamWindow, receiveBuffer, socketBuffer,
                congestionControl, ioThreads, callbackThreads, udpPayload, bytes, gsoSegments);
    }

    QuicSettings withGsoSegments(int segments) {
        return new QuicSettings(agentVersion, handshakeTimeout, negotiationTimeout, idleTimeout, pingInterval,
                maxConnections, maxStreams, connectionWindow, streamWindow, receiveBuffer, socketBuffer,
                congestionControl, ioThreads, callbackThreads, udpPayload, loopbackUdpPayload, segments);
    }
}
