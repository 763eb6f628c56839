package io.pangea.p2p.internal;

import io.pangea.p2p.wire.WireFormatException;

/**
 * IP address literals, parsed and written without {@link java.net.InetAddress}, whose parser accepts legacy forms
 * ({@code 1.2.3}, octal) and resolves anything else through DNS.
 */
public final class IpText {
    private IpText() {
    }

    /** A dotted quad of decimal octets 0–255 without leading zeros. */
    public static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int i = 0;
        int n = text.length();
        while (true) {
            int start = i;
            int value = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 4) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0) {
                throw new WireFormatException("\"" + text + "\" is not a dotted-quad IPv4 address");
            }
            if (digits > 1 && text.charAt(start) == '0') {
                throw new WireFormatException("IPv4 octet \"" + text.substring(start, i) + "\" has a leading zero");
            }
            if (value > 255) {
                throw new WireFormatException("IPv4 octet \"" + text.substring(start, i) + "\" is out of range");
            }
            out[part++] = (byte) value;
            if (part == 4) {
                if (i != n) {
                    throw new WireFormatException("\"" + text + "\" is not a dotted-quad IPv4 address");
                }
                return out;
            }
            if (i >= n || text.charAt(i) != '.') {
                throw new WireFormatException("\"" + text + "\" is not a dotted-quad IPv4 address");
            }
            i++;
        }
    }

    public static String formatIpv4(byte[] address, int offset) {
        return (address[offset] & 0xFF) + "." + (address[offset + 1] & 0xFF) + "." + (address[offset + 2] & 0xFF)
                + "." + (address[offset + 3] & 0xFF);
    }

    /** An RFC 4291 text address: eight hex groups, one {@code ::}, an optional trailing dotted quad; no zone. */
    public static byte[] parseIpv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            throw invalid(text);
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new WireFormatException("\"" + text + "\" has more than one \"::\"");
        }
        int[] groups = new int[8];
        int[] head = new int[8];
        int[] tail = new int[8];
        int headCount;
        int tailCount = 0;
        if (gap < 0) {
            headCount = parseGroups(text, head, true, text);
            if (headCount != 8) {
                throw invalid(text);
            }
        } else {
            headCount = parseGroups(text.substring(0, gap), head, false, text);
            tailCount = parseGroups(text.substring(gap + 2), tail, true, text);
            if (headCount + tailCount > 7) {
                throw invalid(text);
            }
        }
        System.arraycopy(head, 0, groups, 0, headCount);
        System.arraycopy(tail, 0, groups, 8 - tailCount, tailCount);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (groups[i] >>> 8);
            out[2 * i + 1] = (byte) groups[i];
        }
        return out;
    }

    /** Parses colon-separated groups into {@code out}; returns how many groups (a dotted quad counts as two). */
    private static int parseGroups(String part, int[] out, boolean mayEndWithIpv4, String whole) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] items = part.split(":", -1);
        int count = 0;
        for (int k = 0; k < items.length; k++) {
            String item = items[k];
            if (mayEndWithIpv4 && k == items.length - 1 && item.indexOf('.') >= 0) {
                if (count + 2 > 8) {
                    throw invalid(whole);
                }
                byte[] v4 = parseIpv4(item);
                out[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                out[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (item.isEmpty() || item.length() > 4 || count == 8) {
                throw invalid(whole);
            }
            int value = 0;
            for (int i = 0; i < item.length(); i++) {
                int digit = Character.digit(item.charAt(i), 16);
                if (digit < 0 || item.charAt(i) > 'f') {
                    throw invalid(whole);
                }
                value = (value << 4) | digit;
            }
            out[count++] = value;
        }
        return count;
    }

    /** RFC 5952 canonical text: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
    public static String formatIpv6(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
                && groups[5] == 0xFFFF) {
            return "::ffff:" + formatIpv4(address, 12);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static WireFormatException invalid(String text) {
        return new WireFormatException("\"" + text + "\" is not an IPv6 address");
    }
}
