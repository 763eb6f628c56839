package io.pangea.api.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix; an exact address is a prefix of full length. */
public record AddressPrefix(InetAddress address, int length) {

    public AddressPrefix {
        int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0.." + bits);
        }
        address = masked(address, length);
    }

    /**
     * Parses {@code 192.0.2.7}, {@code 198.51.100.0/24}, {@code 2001:db8::/32}. Only literal addresses: a host
     * name is an error, never a DNS lookup.
     */
    public static AddressPrefix parse(String text) {
        String s = text == null ? "" : text.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (host.isEmpty() || !host.matches("[0-9A-Fa-f:.]+") || !(host.contains(".") || host.contains(":"))) {
            throw new IllegalArgumentException("not an IP address or prefix: '" + text + "'");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or prefix: '" + text + "'");
        }
        int bits = address.getAddress().length * 8;
        int length;
        try {
            length = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length in '" + text + "'");
        }
        return new AddressPrefix(address, length);
    }

    public boolean contains(InetAddress candidate) {
        byte[] a = address.getAddress();
        byte[] c = candidate.getAddress();
        return a.length == c.length && Arrays.equals(a, masked(candidate, length).getAddress());
    }

    private static InetAddress masked(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
