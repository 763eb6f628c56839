package io.pangea.transport.tcp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The TCP transport (etc/io.pangea.transport.tcp.cfg). */
@ObjectClassDefinition(name = "Pangea transport: TCP",
        description = "libp2p over TCP: Noise XX, Yamux, Identify, Ping")
@interface TcpTransportConfiguration {
    @AttributeDefinition(description = "Where to listen, as a multiaddr: /ip4/<address>/tcp/<port> or "
            + "/ip6/<address>/tcp/<port>; port 0 picks an ephemeral port")
    String listenAddress() default "/ip4/127.0.0.1/tcp/4001";

    @AttributeDefinition(description = "The node's Ed25519 key file; empty for <karaf.data>/pangea/identity.key")
    String identityFile() default "";

    @AttributeDefinition(description = "Seconds for TCP connect plus the security and muxer upgrade")
    int handshakeTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds for negotiating a stream's protocol, and for Identify and Ping")
    int negotiationTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds between Yamux keepalive pings on a connection; 0 for none")
    int keepAliveSeconds() default 15;

    @AttributeDefinition(description = "Connections held at once (inbound and outbound); more inbound are refused")
    int maxConnections() default 1024;

    @AttributeDefinition(description = "Streams a peer may have open on one connection; more are reset")
    int maxStreamsPerConnection() default 256;

    @AttributeDefinition(description = "Netty I/O threads; 0 for one per core")
    int ioThreads() default 0;
}
