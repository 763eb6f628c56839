package io.pangea.p2p.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a protobuf message field by field, in the order the calls are made.
 *
 * <p>libp2p requires deterministic encodings (fields in field-number order, minimal varints, no unknown fields), so
 * callers write fields in ascending field number; the writer itself always emits minimal varints. Supports the wire
 * types libp2p messages use: varint (0), 64-bit (1), length-delimited (2) and 32-bit (5).
 */
public final class ProtoWriter {
    private byte[] buffer = new byte[64];
    private int size;

    /** A varint field holding {@code value} as unsigned 64 bits (uint64, or int64 when negative: ten bytes). */
    public ProtoWriter writeVarint(int field, long value) {
        tag(field, ProtoReader.VARINT);
        rawVarint(value);
        return this;
    }

    /** An int32 or enum field; negative values take ten bytes, sign-extended, as protobuf specifies. */
    public ProtoWriter writeInt32(int field, int value) {
        return writeVarint(field, value);
    }

    public ProtoWriter writeBool(int field, boolean value) {
        return writeVarint(field, value ? 1 : 0);
    }

    public ProtoWriter writeBytes(int field, byte[] value) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        raw(value, 0, value.length);
        return this;
    }

    public ProtoWriter writeString(int field, String value) {
        return writeBytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An embedded message field. */
    public ProtoWriter writeMessage(int field, ProtoWriter message) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(message.size);
        raw(message.buffer, 0, message.size);
        return this;
    }

    public ProtoWriter writeFixed32(int field, int value) {
        tag(field, ProtoReader.FIXED32);
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public ProtoWriter writeFixed64(int field, long value) {
        tag(field, ProtoReader.FIXED64);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void tag(int field, int wireType) {
        if (field < 1 || field > ProtoReader.MAX_FIELD_NUMBER) {
            throw new IllegalArgumentException("protobuf field number out of range: " + field);
        }
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    private void raw(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buffer, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (buffer.length - size < more) {
            long wanted = Math.max((long) buffer.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("protobuf message too large");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
