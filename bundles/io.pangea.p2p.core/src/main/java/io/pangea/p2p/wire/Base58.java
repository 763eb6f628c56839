package io.pangea.p2p.wire;

import java.util.Arrays;

/**
 * Base58 with the Bitcoin alphabet ({@code base58btc}), the text form of legacy peer ids and CIDv0.
 *
 * <p>Each leading zero byte is written as {@code '1'}. Conversion is quadratic in the length, so {@link #decode}
 * refuses text longer than {@value #MAX_DECODE_LENGTH} characters, far above any identifier this bundle reads.
 */
public final class Base58 {
    /** The longest text {@link #decode(String)} accepts. */
    public static final int MAX_DECODE_LENGTH = 512;

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] DIGITS = new int[128];

    static {
        Arrays.fill(DIGITS, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DIGITS[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    public static String encode(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // log(256) / log(58) < 1.37: enough base-58 digits for the rest.
        byte[] digits = new byte[(data.length - zeros) * 137 / 100 + 1];
        int used = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xFF;
            for (int j = 0; j < used; j++) {
                carry += (digits[j] & 0xFF) << 8;
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            while (carry > 0) {
                digits[used++] = (byte) (carry % 58);
                carry /= 58;
            }
        }
        StringBuilder text = new StringBuilder(zeros + used);
        for (int i = 0; i < zeros; i++) {
            text.append('1');
        }
        for (int i = used - 1; i >= 0; i--) {
            text.append(ALPHABET[digits[i]]);
        }
        return text.toString();
    }

    /**
     * @throws WireFormatException for a character outside the alphabet or text longer than {@value #MAX_DECODE_LENGTH}
     */
    public static byte[] decode(String text) {
        if (text.length() > MAX_DECODE_LENGTH) {
            throw new WireFormatException("base58 text of " + text.length() + " characters exceeds the limit of "
                    + MAX_DECODE_LENGTH);
        }
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        // log(58) / log(256) < 0.733: enough bytes for the rest.
        byte[] bytes = new byte[(text.length() - zeros) * 733 / 1000 + 1];
        int used = 0;
        for (int i = zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int carry = c < 128 ? DIGITS[c] : -1;
            if (carry < 0) {
                throw new WireFormatException("invalid base58 character '" + printable(c) + "' at index " + i);
            }
            for (int j = 0; j < used; j++) {
                carry += (bytes[j] & 0xFF) * 58;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[used++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + used];
        for (int i = 0; i < used; i++) {
            out[zeros + i] = bytes[used - 1 - i];
        }
        return out;
    }

    static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
