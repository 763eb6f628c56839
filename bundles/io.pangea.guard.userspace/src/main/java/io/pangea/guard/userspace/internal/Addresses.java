package io.pangea.guard.userspace.internal;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Addresses as 128-bit keys: two longs, big-endian, an IPv4 address in the top 32 bits of the first. */
final class Addresses {
    private Addresses() {
    }

    /** The key of 4 or 16 address bytes. */
    static long[] key(byte[] bytes) {
        return new long[]{hi(bytes), lo(bytes)};
    }

    static long hi(byte[] bytes) {
        long hi = 0;
        int n = Math.min(8, bytes.length);
        for (int i = 0; i < n; i++) {
            hi |= (bytes[i] & 0xffL) << (56 - 8 * i);
        }
        return hi;
    }

    static long lo(byte[] bytes) {
        long lo = 0;
        for (int i = 8; i < bytes.length; i++) {
            lo |= (bytes[i] & 0xffL) << (56 - 8 * (i - 8));
        }
        return lo;
    }

    /**
     * The address bytes a source is judged by: 4 for IPv4, including an IPv4-mapped IPv6 address (what a
     * dual-stack socket reports for an IPv4 peer), else 16.
     */
    static byte[] judged(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]};
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    static boolean isV4(byte[] judged) {
        return judged.length == 4;
    }

    /** The key the rate limit follows a source by: IPv4 as {@code ::ffff:a.b.c.d}, as the XDP guard does. */
    static long rateLo(byte[] judged) {
        return judged.length == 4 ? 0xffffL << 32 | (Addresses.hi(judged) >>> 32) : lo(judged);
    }

    static long rateHi(byte[] judged) {
        return judged.length == 4 ? 0L : hi(judged);
    }
}
