package io.pangea.p2p;

import java.util.Optional;

/**
 * The multiaddr protocols this bundle reads and writes, with their codes and value sizes from the multiaddr
 * protocol table ({@code protocols.csv} of multiformats/multiaddr). Others make a multiaddr unreadable here.
 */
public enum MultiaddrProtocol {
    IP4(4, "ip4", 4),
    TCP(6, "tcp", 2),
    IP6(41, "ip6", 16),
    /** A DNS name resolving to IPv4 and IPv6 addresses. */
    DNS(53, "dns", MultiaddrProtocol.VARIABLE),
    DNS4(54, "dns4", MultiaddrProtocol.VARIABLE),
    DNS6(55, "dns6", MultiaddrProtocol.VARIABLE),
    DNSADDR(56, "dnsaddr", MultiaddrProtocol.VARIABLE),
    UDP(273, "udp", 2),
    P2P_CIRCUIT(290, "p2p-circuit", 0),
    /** A peer id; {@code /ipfs/} is read as an alias. */
    P2P(421, "p2p", MultiaddrProtocol.VARIABLE),
    TLS(448, "tls", 0),
    /** QUIC draft-29, superseded by {@link #QUIC_V1}; read for completeness, not dialled. */
    QUIC(460, "quic", 0),
    /** QUIC version 1 (RFC 9000), the QUIC transport of libp2p. */
    QUIC_V1(461, "quic-v1", 0),
    WS(477, "ws", 0),
    WSS(478, "wss", 0);

    /** {@link #valueLength()} of protocols whose value is length-prefixed. */
    public static final int VARIABLE = -1;

    private final int code;
    private final String protocolName;
    private final int valueLength;

    MultiaddrProtocol(int code, String protocolName, int valueLength) {
        this.code = code;
        this.protocolName = protocolName;
        this.valueLength = valueLength;
    }

    public int code() {
        return code;
    }

    /** The name in the text form, e.g. {@code quic-v1}. */
    public String protocolName() {
        return protocolName;
    }

    /** The value's length in bytes: 0 for none, {@link #VARIABLE} for a length-prefixed value. */
    public int valueLength() {
        return valueLength;
    }

    public boolean hasValue() {
        return valueLength != 0;
    }

    public static Optional<MultiaddrProtocol> forCode(long code) {
        for (MultiaddrProtocol p : values()) {
            if (p.code == code) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Optional<MultiaddrProtocol> forName(String name) {
        if (name.equals("ipfs")) {
            return Optional.of(P2P);
        }
        for (MultiaddrProtocol p : values()) {
            if (p.protocolName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
