package io.pangea.objects.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian fields of the on-disk formats: a growing writer and a reader that says what it could not read. */
final class Wire {
    private Wire() {
    }

    /** Something on disk is not what the format says; the message names the field. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    static final class Writer {
        private ByteBuffer buffer;

        Writer(int initialCapacity) {
            buffer = ByteBuffer.allocate(Math.max(16, initialCapacity));
        }

        private Writer room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            return this;
        }

        Writer u8(int value) {
            room(1).buffer.put((byte) value);
            return this;
        }

        Writer u16(int value) {
            room(2).buffer.putShort((short) value);
            return this;
        }

        Writer i32(int value) {
            room(4).buffer.putInt(value);
            return this;
        }

        Writer i64(long value) {
            room(8).buffer.putLong(value);
            return this;
        }

        Writer bytes(byte[] value) {
            room(value.length).buffer.put(value);
            return this;
        }

        /** A string of up to 255 bytes with a one-byte length: codec ids. */
        Writer text8(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 255) {
                throw new IllegalArgumentException("'" + value + "' is longer than 255 bytes");
            }
            return u8(bytes.length).bytes(bytes);
        }

        /** Bytes with a one-byte length: nonces. */
        Writer bytes8(byte[] value) {
            if (value.length > 255) {
                throw new IllegalArgumentException(value.length + " bytes are more than 255");
            }
            return u8(value.length).bytes(value);
        }

        /** A string of up to 65535 bytes with a two-byte length: names. */
        Writer text16(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0xffff) {
                bytes = Arrays.copyOf(bytes, 0xffff);
            }
            return u16(bytes.length).bytes(bytes);
        }

        int position() {
            return buffer.position();
        }

        /** Overwrites a two-byte field already written (a length known only at the end). */
        Writer u16At(int position, int value) {
            buffer.putShort(position, (short) value);
            return this;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    static final class Reader {
        private final ByteBuffer buffer;
        private final String what;

        /** @param what the thing being read, for messages ("shard header", "manifest") */
        Reader(ByteBuffer buffer, String what) {
            this.buffer = buffer.slice();
            this.what = what;
        }

        int position() {
            return buffer.position();
        }

        int remaining() {
            return buffer.remaining();
        }

        private FormatException truncated(String field) {
            return new FormatException(what + " is truncated (ends before its " + field + ")");
        }

        int u8(String field) throws FormatException {
            try {
                return buffer.get() & 0xff;
            } catch (BufferUnderflowException e) {
                throw truncated(field);
            }
        }

        int u16(String field) throws FormatException {
            try {
                return buffer.getShort() & 0xffff;
            } catch (BufferUnderflowException e) {
                throw truncated(field);
            }
        }

        int i32(String field) throws FormatException {
            try {
                return buffer.getInt();
            } catch (BufferUnderflowException e) {
                throw truncated(field);
            }
        }

        /** A length or count: never negative. */
        int count(String field) throws FormatException {
            int value = i32(field);
            if (value < 0) {
                throw new FormatException(what + " has a negative " + field + " (" + value + ")");
            }
            return value;
        }

        long i64(String field) throws FormatException {
            try {
                return buffer.getLong();
            } catch (BufferUnderflowException e) {
                throw truncated(field);
            }
        }

        byte[] bytes(int length, String field) throws FormatException {
            if (buffer.remaining() < length) {
                throw truncated(field);
            }
            byte[] value = new byte[length];
            buffer.get(value);
            return value;
        }

        String text8(String field) throws FormatException {
            return new String(bytes(u8(field), field), StandardCharsets.UTF_8);
        }

        byte[] bytes8(String field) throws FormatException {
            return bytes(u8(field), field);
        }

        String text16(String field) throws FormatException {
            return new String(bytes(u16(field), field), StandardCharsets.UTF_8);
        }

        /** Consumes {@code length} bytes and returns them as a view. */
        ByteBuffer slice(int length, String field) throws FormatException {
            if (buffer.remaining() < length) {
                throw truncated(field);
            }
            ByteBuffer view = buffer.slice().limit(length);
            buffer.position(buffer.position() + length);
            return view;
        }
    }
}
