package io.pangea.tracer.internal;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Retransmissions towards one remote end (address and port) since the tracer started or the entry was forgotten. */
record RemoteRetransmits(InetAddress address, int port, long count) {

    /** {@code 192.0.2.2:443} or {@code [2001:db8::2]:443}; an IPv4-mapped IPv6 address is shown as IPv4. */
    String label() {
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            host = "[" + compress(host) + "]";
        }
        return host + ":" + port;
    }

    /** Java writes IPv6 addresses in full; people and Prometheus queries use the RFC 5952 short form. */
    private static String compress(String full) {
        String[] groups = full.replaceFirst("%.*", "").split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
