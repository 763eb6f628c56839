package io.pangea.conntrack.proc.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one {@code /proc/net/{tcp,tcp6,udp,udp6}} table. Addresses are hex, each 32-bit word in host byte order
 * (little-endian on the machines Pangea runs on): 8 digits for IPv4, 32 (four words) for IPv6; ports are 4 hex
 * digits. TCP sockets are kept in the connected states (not LISTEN, CLOSE or TIME_WAIT), UDP sockets only when
 * connected (remote port not 0). The header and malformed lines are skipped.
 */
final class ProcNetParser {
    /** A socket as the table lists it, {@code protocol} being {@code tcp} or {@code udp}. */
    record Socket(String protocol, InetSocketAddress local, InetSocketAddress remote) {
    }

    private ProcNetParser() {
    }

    static List<Socket> parse(String protocol, List<String> lines) {
        boolean tcp = protocol.startsWith("tcp");
        String normalised = tcp ? "tcp" : "udp";
        List<Socket> sockets = new ArrayList<>();
        for (String line : lines) {
            Socket socket = parseLine(normalised, tcp, line);
            if (socket != null) {
                sockets.add(socket);
            }
        }
        return sockets;
    }

    /** The socket of one line, or null for the header, a malformed line or a socket not connected. */
    static Socket parseLine(String protocol, boolean tcp, String line) {
        try {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[0].endsWith(":")) {
                return null;
            }
            InetSocketAddress local = endpoint(fields[1]);
            InetSocketAddress remote = endpoint(fields[2]);
            int state = Integer.parseInt(fields[3], 16);
            if (local == null || remote == null || remote.getPort() == 0) {
                return null;
            }
            if (tcp && !connected(state)) {
                return null;
            }
            return new Socket(protocol, local, remote);
        } catch (RuntimeException | UnknownHostException e) {
            return null;
        }
    }

    /**
     * ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, LAST_ACK, CLOSING, NEW_SYN_RECV; not
     * TIME_WAIT (6), CLOSE (7) or LISTEN (0x0A).
     */
    static boolean connected(int state) {
        return switch (state) {
            case 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0B, 0x0C -> true;
            default -> false;
        };
    }

    private static InetSocketAddress endpoint(String field) throws UnknownHostException {
        int colon = field.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String hex = field.substring(0, colon);
        String portHex = field.substring(colon + 1);
        if (portHex.length() != 4 || (hex.length() != 8 && hex.length() != 32)) {
            return null;
        }
        int port = Integer.parseInt(portHex, 16);
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < hex.length() / 8; word++) {
            int value = Integer.parseUnsignedInt(hex.substring(word * 8, word * 8 + 8), 16);
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) (value >>> (8 * i));
            }
        }
        // An IPv4-mapped IPv6 address comes back as the IPv4 address.
        return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
    }
}
