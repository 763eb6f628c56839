package io.pangea.transport.quic.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The few DER encodings an X.509 certificate needs, because the JDK can parse certificates but offers no public way to
 * build one. {@link Der.Reader} walks the same encodings back, bounded by the bytes it was given.
 */
final class Der {
    static final int BOOLEAN = 0x01;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    /** One element: the tag, the definite length (short or long form), the content. */
    static byte[] element(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) {
        return element(SEQUENCE, concat(elements));
    }

    static byte[] set(byte[]... elements) {
        return element(SET, concat(elements));
    }

    /** {@code [n]} EXPLICIT around one element. */
    static byte[] explicit(int tagNumber, byte[] inner) {
        return element(0xa0 | tagNumber, inner);
    }

    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] bool(boolean value) {
        return element(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    static byte[] octetString(byte[] value) {
        return element(OCTET_STRING, value);
    }

    /** A BIT STRING of whole bytes (no unused bits), as signatures are. */
    static byte[] bitString(byte[] value) {
        byte[] content = new byte[value.length + 1];
        System.arraycopy(value, 0, content, 1, value.length);
        return element(BIT_STRING, content);
    }

    static byte[] utf8(String value) {
        return element(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Dotted text to the base-128 arcs of an OBJECT IDENTIFIER. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(out, Long.parseLong(arcs[i]));
        }
        return element(OID, out.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int group = groups - 1; group >= 0; group--) {
            int septet = (int) (value >>> (7 * group)) & 0x7f;
            out.write(group == 0 ? septet : septet | 0x80);
        }
    }

    /** RFC 5280: UTCTime through 2049, GeneralizedTime from 2050. */
    static byte[] time(ZonedDateTime when) {
        ZonedDateTime utc = when.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            return element(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
        }
        return element(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Reads consecutive elements from a byte range. Every length is checked against what is left before anything
     * is copied, so a forged length fails instead of allocating.
     */
    static final class Reader {
        private final byte[] bytes;
        private int position;
        private final int end;

        Reader(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }

        private Reader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int peekTag() throws CertificateException {
            if (position >= end) {
                throw new CertificateException("DER: element expected, found the end");
            }
            return bytes[position] & 0xff;
        }

        /** The next element whole (tag and length included), e.g. to hash or verify it as it was sent. */
        byte[] raw() throws CertificateException {
            int start = position;
            int contentEnd = skipHeader() + contentLength;
            position = contentEnd;
            return Arrays.copyOfRange(bytes, start, contentEnd);
        }

        /** The content of the next element, which must carry {@code tag}. */
        byte[] content(int tag) throws CertificateException {
            return Arrays.copyOfRange(bytes, contentStart(tag), position);
        }

        /** A reader over the content of the next element (a SEQUENCE, SET or explicit tag). */
        Reader enter(int tag) throws CertificateException {
            int start = contentStart(tag);
            return new Reader(bytes, start, position);
        }

        void skip() throws CertificateException {
            position = skipHeader() + contentLength;
        }

        private int contentLength;

        private int contentStart(int tag) throws CertificateException {
            int found = peekTag();
            if (found != tag) {
                throw new CertificateException(String.format("DER: expected tag 0x%02x, found 0x%02x", tag, found));
            }
            int start = skipHeader();
            position = start + contentLength;
            return start;
        }

        /** Reads tag and length; sets {@link #contentLength}; returns where the content starts. */
        private int skipHeader() throws CertificateException {
            int p = position + 1;
            if (p >= end) {
                throw new CertificateException("DER: truncated element");
            }
            int first = bytes[p++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7f;
                if (octets == 0 || octets > 4 || p + octets > end) {
                    throw new CertificateException("DER: unsupported length encoding");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (bytes[p++] & 0xff);
                }
            }
            if (length > end - p) {
                throw new CertificateException("DER: length " + length + " runs past the " + (end - p)
                        + " bytes left");
            }
            contentLength = (int) length;
            return p;
        }
    }
}
