package io.pangea.conntrack.proc.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The id of a connection, equal whichever direction it is seen in: SHA-256 over the protocol ({@code tcp} or
 * {@code udp}, UTF-8), a 0 byte, then the lower and the higher endpoint, each as 16 address bytes (IPv4 as
 * {@code ::ffff:a.b.c.d}) and 2 port bytes, big-endian; the id is the first 8 bytes of the digest, big-endian.
 * The lower endpoint is the one whose 18 bytes compare lower, unsigned. Any provider of codec
 * {@code conntrack-v1} must derive ids this way.
 */
public final class ConnectionIds {
    private ConnectionIds() {
    }

    public static long id(String protocol, InetSocketAddress a, InetSocketAddress b) {
        byte[] ea = endpoint(a);
        byte[] eb = endpoint(b);
        boolean aFirst = Arrays.compareUnsigned(ea, eb) <= 0;
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        sha.update(protocol.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(aFirst ? ea : eb);
        sha.update(aFirst ? eb : ea);
        byte[] digest = sha.digest();
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | (digest[i] & 0xffL);
        }
        return id;
    }

    /** 16 address bytes (IPv4 mapped into IPv6) and 2 port bytes. */
    static byte[] endpoint(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        byte[] raw = address == null ? new byte[4] : address.getAddress();
        byte[] out = new byte[18];
        if (raw.length == 4) {
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(raw, 0, out, 12, 4);
        } else {
            System.arraycopy(raw, 0, out, 0, 16);
        }
        out[16] = (byte) (endpoint.getPort() >>> 8);
        out[17] = (byte) endpoint.getPort();
        return out;
    }
}
