package io.pangea.transport.tcp.internal;

import java.time.Duration;

/**
 * The knobs of a {@link TcpHost}.
 *
 * @param agentVersion       what Identify reports as this node's agent
 * @param handshakeTimeout   TCP connect plus the whole upgrade (security and muxer negotiation, Noise)
 * @param negotiationTimeout protocol negotiation on one stream, and each Identify or Ping exchange
 * @param yamux              the session settings
 * @param maxConnections     connections (inbound and outbound, upgraded or not) held at once; more inbound ones
 *                           are refused
 * @param ioThreads          Netty event loop threads; 0 for one per core
 * @param callbackThreads    threads completing stream futures and running protocol handlers; 0 for two per core
 */
record HostSettings(String agentVersion, Duration handshakeTimeout, Duration negotiationTimeout,
                    YamuxSession.Settings yamux, int maxConnections, int ioThreads, int callbackThreads) {
    static final String AGENT_VERSION = "pangea/0.1.0";

    static HostSettings defaults() {
        return new HostSettings(AGENT_VERSION, Duration.ofSeconds(10), Duration.ofSeconds(10),
                YamuxSession.Settings.defaults(), 1024, 0, 0);
    }

    HostSettings withYamux(YamuxSession.Settings settings) {
        return new HostSettings(agentVersion, handshakeTimeout, negotiationTimeout, settings, maxConnections,
                ioThreads, callbackThreads);
    }

    HostSettings withHandshakeTimeout(Duration timeout) {
        return new HostSettings(agentVersion, timeout, negotiationTimeout, yamux, maxConnections, ioThreads,
                callbackThreads);
    }

    HostSettings withMaxConnections(int max) {
        return new HostSettings(agentVersion, handshakeTimeout, negotiationTimeout, yamux, max, ioThreads,
                callbackThreads);
    }
}
