package io.pangea.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The binding's test object (src/test/bpf/binding_test.bpf.c) and its encodings. */
final class TestObjects {
    static final int XDP_DROP = 1;
    static final int XDP_PASS = 2;

    private TestObjects() {
    }

    static byte[] elf() {
        try (InputStream in = TestObjects.class.getResourceAsStream("/bpf/binding_test.bpf.o")) {
            if (in == null) {
                throw new IllegalStateException("bpf/binding_test.bpf.o is not on the class path: build with Maven");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BpfObject open() {
        return Bpf.open("binding_test", elf());
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    static byte[] u64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).array();
    }

    static long u64(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong();
    }

    static int u32(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }

    /** An LPM key {prefixlen, 4 address bytes}. */
    static byte[] prefix(int length, int a, int b, int c, int d) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(length)
                .put((byte) a).put((byte) b).put((byte) c).put((byte) d).array();
    }

    /** A 60-byte Ethernet frame; the test program looks at nothing but its length. */
    static byte[] frame() {
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        return frame;
    }
}
