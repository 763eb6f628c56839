package io.pangea.erasure.java.internal;

import java.nio.ByteBuffer;
import java.util.Random;

/** Test shards: heap, direct, and sliced heap buffers whose content does not start at array index 0. */
public final class Shards {
    public enum Kind { HEAP, DIRECT, SLICED }

    private Shards() {
    }

    public static byte[][] random(Random random, int count, int length) {
        byte[][] shards = new byte[count][length];
        for (byte[] shard : shards) {
            random.nextBytes(shard);
        }
        return shards;
    }

    /** A buffer holding {@code content} between position and limit, with bytes around it that must not change. */
    public static ByteBuffer wrap(byte[] content, Kind kind) {
        int margin = kind == Kind.HEAP ? 0 : 7;
        ByteBuffer buffer = kind == Kind.DIRECT
                ? ByteBuffer.allocateDirect(content.length + 2 * margin)
                : ByteBuffer.allocate(content.length + 2 * margin);
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0xa5);
        }
        if (kind == Kind.SLICED) {
            buffer = buffer.position(3).slice();
        }
        buffer.put(margin, content).position(margin).limit(margin + content.length);
        return buffer;
    }

    public static ByteBuffer[] wrap(byte[][] contents, Kind kind) {
        ByteBuffer[] buffers = new ByteBuffer[contents.length];
        for (int i = 0; i < contents.length; i++) {
            buffers[i] = wrap(contents[i], kind);
        }
        return buffers;
    }

    public static ByteBuffer[] empty(int count, int length, Kind kind) {
        return wrap(new byte[count][length], kind);
    }

    /** The remaining bytes, without moving the position. */
    public static byte[] bytes(ByteBuffer buffer) {
        byte[] content = new byte[buffer.remaining()];
        buffer.get(buffer.position(), content);
        return content;
    }

    public static byte[][] bytes(ByteBuffer[] buffers) {
        byte[][] contents = new byte[buffers.length][];
        for (int i = 0; i < buffers.length; i++) {
            contents[i] = bytes(buffers[i]);
        }
        return contents;
    }

    public static ByteBuffer[] concat(ByteBuffer[] data, ByteBuffer[] parity) {
        ByteBuffer[] all = new ByteBuffer[data.length + parity.length];
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(parity, 0, all, data.length, parity.length);
        return all;
    }

    /** Overwrites the missing shards with garbage, so that a rebuild that writes nothing is caught. */
    public static void spoil(ByteBuffer[] shards, boolean[] present) {
        for (int i = 0; i < shards.length; i++) {
            if (!present[i]) {
                for (int j = shards[i].position(); j < shards[i].limit(); j++) {
                    shards[i].put(j, (byte) (j * 31 + i));
                }
            }
        }
    }
}
