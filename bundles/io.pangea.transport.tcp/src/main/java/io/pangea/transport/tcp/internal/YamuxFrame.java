package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;

/**
 * One Yamux frame: the 12-byte header ({@code version, type, flags, stream id, length}, big-endian) and, for a Data
 * frame, its payload. For the other types the length is the value itself (window delta, ping opaque value, go-away
 * code) and there is no payload. A frame with data owns one reference to it.
 */
record YamuxFrame(int type, int flags, int streamId, long length, ByteBuf data) {
    static final int HEADER_LENGTH = 12;
    static final int VERSION = 0;

    static final int TYPE_DATA = 0;
    static final int TYPE_WINDOW_UPDATE = 1;
    static final int TYPE_PING = 2;
    static final int TYPE_GO_AWAY = 3;

    static final int FLAG_SYN = 1;
    static final int FLAG_ACK = 2;
    static final int FLAG_FIN = 4;
    static final int FLAG_RST = 8;

    static final int GO_AWAY_NORMAL = 0;
    static final int GO_AWAY_PROTOCOL_ERROR = 1;
    static final int GO_AWAY_INTERNAL_ERROR = 2;

    static YamuxFrame data(int flags, int streamId, ByteBuf data) {
        return new YamuxFrame(TYPE_DATA, flags, streamId, data.readableBytes(), data);
    }

    static YamuxFrame windowUpdate(int flags, int streamId, long delta) {
        return new YamuxFrame(TYPE_WINDOW_UPDATE, flags, streamId, delta, null);
    }

    static YamuxFrame ping(int flags, long opaque) {
        return new YamuxFrame(TYPE_PING, flags, 0, opaque, null);
    }

    static YamuxFrame goAway(int code) {
        return new YamuxFrame(TYPE_GO_AWAY, 0, 0, code, null);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    static String typeName(int type) {
        return switch (type) {
            case TYPE_DATA -> "Data";
            case TYPE_WINDOW_UPDATE -> "WindowUpdate";
            case TYPE_PING -> "Ping";
            case TYPE_GO_AWAY -> "GoAway";
            default -> "type " + type;
        };
    }

    @Override
    public String toString() {
        return "YamuxFrame[" + typeName(type) + ", flags=" + flags + ", stream=" + Integer.toUnsignedString(streamId)
                + ", length=" + length + "]";
    }
}
