package io.pangea.api.objects;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What it takes to read a stored file: its file id (SHA-256 of the plaintext) and its 256-bit file key. The
 * text form is {@code pangea:<64 hex digits>:<43 base64url characters>}. Whoever holds it can read the file;
 * {@link #toString()} therefore hides the key, and only {@link #format()} writes it.
 */
public record ReadCapability(byte[] fileId, byte[] key) {
    public static final String PREFIX = "pangea:";
    public static final int FILE_ID_LENGTH = 32;
    public static final int KEY_LENGTH = 32;
    private static final String EXPECTED = "expected pangea:<file id: 64 hex digits>:<key: 43 base64url characters>";
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]*");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");

    /**
     * @throws IllegalArgumentException when the file id or the key does not have 32 bytes
     */
    public ReadCapability {
        if (fileId == null || fileId.length != FILE_ID_LENGTH) {
            throw new IllegalArgumentException("a file id has " + FILE_ID_LENGTH + " bytes (SHA-256), got "
                    + (fileId == null ? "none" : fileId.length));
        }
        if (key == null || key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a file key has " + KEY_LENGTH + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
        fileId = fileId.clone();
        key = key.clone();
    }

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException saying what is wrong with the text (the key is never repeated)
     */
    public static ReadCapability parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty read capability; " + EXPECTED);
        }
        String trimmed = text.trim();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new IllegalArgumentException("not a read capability: it does not start with '" + PREFIX + "'; "
                    + EXPECTED);
        }
        String[] parts = trimmed.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a read capability: " + (parts.length < 2 ? "no key after the file id"
                    : "too many ':'") + "; " + EXPECTED);
        }
        byte[] id = parseFileId(parts[0]);
        String encodedKey = parts[1];
        if (!BASE64URL.matcher(encodedKey).matches()) {
            throw new IllegalArgumentException("the key of the read capability is not base64url (A-Z a-z 0-9 - _); "
                    + EXPECTED);
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(encodedKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key of the read capability is not valid base64url ("
                    + e.getMessage() + "); " + EXPECTED);
        }
        if (decoded.length != KEY_LENGTH) {
            throw new IllegalArgumentException("the key of the read capability has " + decoded.length + " bytes, not "
                    + KEY_LENGTH + " (is it cut short?); " + EXPECTED);
        }
        return new ReadCapability(id, decoded);
    }

    /**
     * Reads a file id in hex.
     *
     * @throws IllegalArgumentException when it is not 64 hex digits
     */
    public static byte[] parseFileId(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a file id is 64 hex digits (0-9, a-f), got '" + hex + "'");
        }
        if (hex.length() != 2 * FILE_ID_LENGTH) {
            throw new IllegalArgumentException("a file id is 64 hex digits (SHA-256), got " + hex.length()
                    + " digits: '" + hex + "'");
        }
        return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
    }

    /** Whether the text looks like the text form (it may still fail to {@link #parse}). */
    public static boolean looksLikeCapability(String text) {
        return text != null && text.trim().regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** A copy: the capability stays as it was made. */
    @Override
    public byte[] fileId() {
        return fileId.clone();
    }

    /** The file id in lower-case hex, as commands show it. */
    public String fileIdHex() {
        return HexFormat.of().formatHex(fileId);
    }

    /** A copy: the capability stays as it was made. */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The text form, key included: {@code pangea:<file id>:<key>}. */
    public String format() {
        return PREFIX + fileIdHex() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReadCapability that && Arrays.equals(fileId, that.fileId) && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(fileId) + Arrays.hashCode(key);
    }

    /** The file id with the key hidden, safe for logs. */
    @Override
    public String toString() {
        return PREFIX + fileIdHex() + ":<key hidden>";
    }
}
