package io.pangea.transport.quic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The QUIC transport (etc/io.pangea.transport.quic.cfg). */
@ObjectClassDefinition(name = "Pangea transport: QUIC",
        description = "libp2p over QUIC v1: libp2p TLS, Identify, Ping")
@interface QuicTransportConfiguration {
    @AttributeDefinition(description = "Where to listen, as a multiaddr: /ip4/<address>/udp/<port>/quic-v1 or "
            + "/ip6/<address>/udp/<port>/quic-v1; port 0 picks an ephemeral port")
    String listenAddress() default "/ip4/127.0.0.1/udp/4001/quic-v1";

    @AttributeDefinition(description = "The node's Ed25519 key file, shared with the TCP transport; empty for "
            + "<karaf.data>/pangea/node.key")
    String identityFile() default "";

    @AttributeDefinition(description = "Seconds from the first packet to a completed TLS handshake")
    int handshakeTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds for negotiating a stream's protocol, and for Identify and Ping")
    int negotiationTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds without a packet from the peer after which a connection is gone")
    int idleTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds between pings measuring a connection's quality; 0 for none")
    int pingIntervalSeconds() default 15;

    @AttributeDefinition(description = "Connections held at once (inbound and outbound); more inbound are refused")
    int maxConnections() default 1024;

    @AttributeDefinition(description = "Streams a peer may have open on one connection")
    int maxStreamsPerConnection() default 256;

    @AttributeDefinition(description = "Bytes in flight per connection (QUIC initial_max_data)")
    long connectionWindowBytes() default 64L << 20;

    @AttributeDefinition(description = "Bytes in flight per stream (QUIC initial_max_stream_data)")
    long streamWindowBytes() default 16L << 20;

    @AttributeDefinition(description = "SO_RCVBUF and SO_SNDBUF of the UDP sockets, in bytes")
    int socketBufferBytes() default 8 << 20;

    @AttributeDefinition(description = "Congestion control: cubic, bbr or reno")
    String congestionControl() default "cubic";

    @AttributeDefinition(description = "The largest UDP payload (one QUIC packet) sent and accepted, 1200..65527. "
            + "1452 fits a 1500-byte Ethernet MTU; larger only where every path allows it (loopback, jumbo frames), "
            + "since QUIC packets must not be fragmented")
    int maxUdpPayloadBytes() default QuicSettings.UDP_PAYLOAD;

    @AttributeDefinition(description = "The largest QUIC packet to and from loopback addresses (dials to them, a "
            + "listener on one), 1200..65527: 65488 fits loopback's 64 KiB MTU; "
            + "set it to maxUdpPayloadBytes to turn it off")
    int loopbackUdpPayloadBytes() default QuicSettings.LOOPBACK_UDP_PAYLOAD;

    @AttributeDefinition(description = "QUIC packets per send system call with UDP segmentation offload (epoll on "
            + "Linux); 1 for off")
    int gsoSegments() default QuicSettings.GSO_SEGMENTS;

    @AttributeDefinition(description = "Netty I/O threads; 0 for one per core")
    int ioThreads() default 0;
}
