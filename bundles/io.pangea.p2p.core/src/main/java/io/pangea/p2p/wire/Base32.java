package io.pangea.p2p.wire;

import java.util.Arrays;

/**
 * RFC 4648 base32 in lower case without padding: the multibase {@code 'b'} encoding that CIDv1 text uses (the
 * multibase prefix itself is not part of this codec).
 *
 * <p>The decoder is canonical-only: it rejects upper case, padding, a length no encoding produces, and unused
 * trailing bits that are not zero, so every byte string has exactly one accepted text.
 */
public final class Base32 {
    /** The longest text {@link #decode(String)} accepts. */
    public static final int MAX_DECODE_LENGTH = 4096;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] DIGITS = new int[128];

    static {
        Arrays.fill(DIGITS, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DIGITS[ALPHABET[i]] = i;
        }
    }

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder text = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                text.append(ALPHABET[(buffer >>> bits) & 0x1F]);
            }
        }
        if (bits > 0) {
            text.append(ALPHABET[(buffer << (5 - bits)) & 0x1F]);
        }
        return text.toString();
    }

    /**
     * @throws WireFormatException for a character outside the lower-case alphabet, padding, an impossible length,
     *                             non-zero trailing bits or text longer than {@value #MAX_DECODE_LENGTH}
     */
    public static byte[] decode(String text) {
        int length = text.length();
        if (length > MAX_DECODE_LENGTH) {
            throw new WireFormatException("base32 text of " + length + " characters exceeds the limit of "
                    + MAX_DECODE_LENGTH);
        }
        int tail = length % 8;
        if (tail == 1 || tail == 3 || tail == 6) {
            throw new WireFormatException("base32 text of " + length + " characters is not a valid length");
        }
        byte[] out = new byte[length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? DIGITS[c] : -1;
            if (digit < 0) {
                throw new WireFormatException("invalid base32 character '" + Base58.printable(c) + "' at index " + i
                        + " (lower-case RFC 4648 alphabet, no padding)");
            }
            buffer = (buffer << 5) | digit;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
        }
        if ((buffer & ((1 << bits) - 1)) != 0) {
            throw new WireFormatException("base32 text has non-zero trailing bits (not canonical)");
        }
        return out;
    }
}
