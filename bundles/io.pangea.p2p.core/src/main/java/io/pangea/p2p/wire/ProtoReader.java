package io.pangea.p2p.wire;

import io.pangea.p2p.internal.Utf8;

/**
 * Reads a protobuf message that is already in memory (typically one frame from a
 * {@link LengthPrefixedFrameReader}), so nothing it allocates can exceed the message itself: a length field larger
 * than the bytes left is reported before any copy is made.
 *
 * <pre>{@code
 * ProtoReader r = new ProtoReader(message);
 * while (r.next()) {
 *     switch (r.field()) {
 *         case 1 -> type = r.readEnum();
 *         case 2 -> data = r.readBytes();
 *         default -> { } // unknown fields are skipped by the next call to next()
 *     }
 * }
 * }</pre>
 *
 * <p>Strict where libp2p's deterministic encoding allows it: varints must be minimal, field number 0 and the group
 * wire types (3, 4) are rejected, a value must be read with the accessor matching its wire type, and every error is a
 * {@link WireFormatException} naming the field.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;
    /** The largest field number protobuf allows (2^29 - 1). */
    public static final int MAX_FIELD_NUMBER = (1 << 29) - 1;

    private final byte[] buf;
    private final int end;
    private int pos;
    private int field;
    private int wireType;
    private boolean pending;

    public ProtoReader(byte[] message) {
        this(message, 0, message.length);
    }

    public ProtoReader(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + buffer.length);
        }
        this.buf = buffer;
        this.pos = offset;
        this.end = offset + length;
    }

    /**
     * Advances to the next field, skipping the current one if its value was not read.
     *
     * @return false at the end of the message
     */
    public boolean next() {
        if (pending) {
            skip();
        }
        if (pos == end) {
            field = 0;
            return false;
        }
        long tag = rawVarint("tag");
        int type = (int) (tag & 7);
        long number = tag >>> 3;
        if (number == 0 || number > MAX_FIELD_NUMBER) {
            throw new WireFormatException("protobuf field number " + number + " out of range");
        }
        if (type != VARINT && type != FIXED64 && type != LENGTH_DELIMITED && type != FIXED32) {
            throw new WireFormatException("protobuf field " + number + " has unsupported wire type " + type);
        }
        field = (int) number;
        wireType = type;
        pending = true;
        return true;
    }

    /** The current field's number. */
    public int field() {
        return field;
    }

    /** The current field's wire type. */
    public int wireType() {
        return wireType;
    }

    /** The current varint value as unsigned 64 bits (uint64; int64 and negative int32 come back negative). */
    public long readVarint() {
        expect(VARINT);
        return rawVarint("field " + field);
    }

    /** A uint32 field. */
    public int readUInt32() {
        long value = readVarint();
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new WireFormatException("protobuf field " + field + ": " + Long.toUnsignedString(value)
                    + " does not fit uint32");
        }
        return (int) value;
    }

    /** An int32 or enum field (negative values are ten-byte sign-extended varints). */
    public int readInt32() {
        long value = readVarint();
        if ((int) value != value) {
            throw new WireFormatException("protobuf field " + field + ": " + value + " does not fit int32");
        }
        return (int) value;
    }

    public int readEnum() {
        return readInt32();
    }

    public boolean readBool() {
        long value = readVarint();
        if (value != 0 && value != 1) {
            throw new WireFormatException("protobuf field " + field + ": bool must be 0 or 1, was " + value);
        }
        return value == 1;
    }

    public int readFixed32() {
        expect(FIXED32);
        require(4);
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (buf[pos++] & 0xFF) << (8 * i);
        }
        return value;
    }

    public long readFixed64() {
        expect(FIXED64);
        require(8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return value;
    }

    /** A bytes field (a copy). */
    public byte[] readBytes() {
        int length = lengthPrefix();
        byte[] out = new byte[length];
        System.arraycopy(buf, pos, out, 0, length);
        pos += length;
        return out;
    }

    /**
     * A bytes field of at most {@code maxLength} bytes.
     *
     * @throws WireFormatException if it is longer
     */
    public byte[] readBytes(int maxLength) {
        int start = pos;
        int length = lengthPrefix();
        if (length > maxLength) {
            pos = start;
            pending = true;
            throw new WireFormatException("protobuf field " + field + ": " + length + " bytes exceed the limit of "
                    + maxLength);
        }
        byte[] out = new byte[length];
        System.arraycopy(buf, pos, out, 0, length);
        pos += length;
        return out;
    }

    /** A string field; the bytes must be well-formed UTF-8. */
    public String readString() {
        int length = lengthPrefix();
        String value = Utf8.decode(buf, pos, length, "protobuf field " + field);
        pos += length;
        return value;
    }

    /** An embedded message field, read in place without copying. */
    public ProtoReader readMessage() {
        int length = lengthPrefix();
        ProtoReader message = new ProtoReader(buf, pos, length);
        pos += length;
        return message;
    }

    /** Skips the current field's value. */
    public void skip() {
        if (!pending) {
            throw new IllegalStateException("no field value to skip");
        }
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> readFixed64();
            case FIXED32 -> readFixed32();
            default -> {
                int length = lengthPrefix(); // advances past the prefix before the value is skipped
                pos += length;
            }
        }
    }

    /** Whether every byte of the message has been consumed. */
    public boolean atEnd() {
        return !pending && pos == end;
    }

    private int lengthPrefix() {
        expect(LENGTH_DELIMITED);
        long length = rawVarint("field " + field + " length");
        if (length < 0 || length > end - pos) {
            throw new WireFormatException("protobuf field " + field + ": length " + Long.toUnsignedString(length)
                    + " exceeds the " + (end - pos) + " byte(s) left in the message");
        }
        return (int) length;
    }

    private void expect(int type) {
        if (!pending) {
            throw new IllegalStateException("no current field: call next() first, once per value");
        }
        if (wireType != type) {
            throw new WireFormatException("protobuf field " + field + " has wire type " + wireType + ", expected "
                    + type);
        }
        pending = false;
    }

    private void require(int bytes) {
        if (end - pos < bytes) {
            throw new WireFormatException("protobuf field " + field + ": truncated, " + bytes + " byte(s) needed, "
                    + (end - pos) + " left");
        }
    }

    /** A protobuf varint: up to ten bytes for 64 bits, minimally encoded. */
    private long rawVarint(String what) {
        long value = 0;
        for (int i = 0; i < 10; i++) {
            if (pos + i >= end) {
                throw new WireFormatException("protobuf " + what + ": truncated varint");
            }
            int b = buf[pos + i] & 0xFF;
            if (i == 9 && b > 1) {
                throw new WireFormatException("protobuf " + what + ": varint exceeds 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new WireFormatException("protobuf " + what + ": varint is not minimally encoded");
                }
                pos += i + 1;
                return value;
            }
        }
        throw new WireFormatException("protobuf " + what + ": varint longer than 10 bytes");
    }
}
