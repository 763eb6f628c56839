package io.pangea.objects.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The keys of one object, all from its random 256-bit file key:
 * <ul>
 * <li>storage index = HMAC-SHA256(file key, "pangea storage index" || file id): the name of the object on disk
 * and, later, in the DHT; without the key nobody can tell which file it is;</li>
 * <li>HKDF-SHA256 (RFC 5869) with the file id as salt and the file key as input: a key per segment (info:
 * "pangea segment key", the cipher's codec id, the segment number) and one for the manifest (info: "pangea
 * manifest key", the codec id), so that no key ever seals under two algorithms.</li>
 * </ul>
 */
final class ObjectKeys {
    static final int FILE_KEY_LENGTH = 32;
    private static final String HMAC = "HmacSHA256";
    private static final byte[] INDEX_LABEL = ascii("pangea storage index");
    private static final byte[] SEGMENT_LABEL = ascii("pangea segment key");
    private static final byte[] MANIFEST_LABEL = ascii("pangea manifest key");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] fileId;
    private final byte[] storageIndex;
    private final byte[] pseudoRandomKey;

    ObjectKeys(byte[] fileKey, byte[] fileId) {
        this.fileId = fileId.clone();
        this.storageIndex = hmac(fileKey, INDEX_LABEL, fileId);
        this.pseudoRandomKey = hmac(fileId, fileKey);
    }

    static byte[] newFileKey() {
        return random(FILE_KEY_LENGTH);
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    byte[] fileId() {
        return fileId.clone();
    }

    byte[] storageIndex() {
        return storageIndex.clone();
    }

    byte[] segmentKey(long segment, String cipherCodec, int length) {
        byte[] info = ByteBuffer.allocate(SEGMENT_LABEL.length + 2 + cipherCodec.length() + 8)
                .put(SEGMENT_LABEL).put((byte) 0).put(ascii(cipherCodec)).put((byte) 0).putLong(segment).array();
        return expand(pseudoRandomKey, info, length);
    }

    byte[] manifestKey(String cipherCodec, int length) {
        byte[] info = ByteBuffer.allocate(MANIFEST_LABEL.length + 1 + cipherCodec.length())
                .put(MANIFEST_LABEL).put((byte) 0).put(ascii(cipherCodec)).array();
        return expand(pseudoRandomKey, info, length);
    }

    /** HKDF-Expand of RFC 5869 with HMAC-SHA256. */
    static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
        if (length < 1 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF-SHA256 derives 1 to 8160 bytes, not " + length);
        }
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int done = 0;
        for (int counter = 1; done < length; counter++) {
            block = hmac(pseudoRandomKey, block, info, new byte[] {(byte) counter});
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /** HKDF-Extract of RFC 5869 with HMAC-SHA256. */
    static byte[] extract(byte[] salt, byte[] inputKey) {
        return hmac(salt, inputKey);
    }

    static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            // An empty HMAC key is legal (RFC 2104) but SecretKeySpec refuses one: HMAC pads the key with zeros.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no " + HMAC + ": " + e.getMessage(), e);
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static void wipe(byte[] key) {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
    }
}
