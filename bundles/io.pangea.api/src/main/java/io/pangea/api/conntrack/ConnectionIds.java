package io.pangea.api.conntrack;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The id of a connection under codec {@value #CODEC}, equal whichever direction it is seen in, so every provider
 * (and the kernel program of the TC provider, which computes the same in {@code bpf/conntrack.bpf.c}) names a
 * connection alike.
 * <p>
 * Each endpoint is {@value #ENDPOINT_BYTES} bytes: 16 address bytes (IPv4 as {@code ::ffff:a.b.c.d}) then the port,
 * big-endian. The endpoints are ordered, the lower (unsigned, bytewise) first. The id is the first 8 bytes,
 * big-endian, of SHA-256 over the protocol name ({@code tcp} or {@code udp}, ASCII), a 0 byte, the lower endpoint
 * and the higher endpoint.
 */
public final class ConnectionIds {
    /** The codec of providers that derive ids this way. */
    public static final String CODEC = "conntrack-v1";
    public static final int ENDPOINT_BYTES = 18;

    private ConnectionIds() {
    }

    /** The id of the connection between {@code a} and {@code b}, in either order. */
    public static long id(String protocol, InetSocketAddress a, InetSocketAddress b) {
        byte[] first = endpoint(a);
        byte[] second = endpoint(b);
        boolean inOrder = Arrays.compareUnsigned(first, second) <= 0;
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a JVM's required algorithm", e);
        }
        sha256.update(protocol.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 0);
        sha256.update(inOrder ? first : second);
        sha256.update(inOrder ? second : first);
        byte[] digest = sha256.digest();
        long id = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            id = (id << 8) | (digest[i] & 0xff);
        }
        return id;
    }

    /** The {@value #ENDPOINT_BYTES} bytes of an endpoint. */
    public static byte[] endpoint(InetSocketAddress endpoint) {
        byte[] out = new byte[ENDPOINT_BYTES];
        InetAddress address = endpoint.getAddress();
        byte[] raw = address == null ? new byte[4] : address.getAddress();
        if (raw.length == 4) {
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(raw, 0, out, 12, 4);
        } else {
            System.arraycopy(raw, 0, out, 0, 16);
        }
        out[16] = (byte) (endpoint.getPort() >> 8);
        out[17] = (byte) endpoint.getPort();
        return out;
    }
}
