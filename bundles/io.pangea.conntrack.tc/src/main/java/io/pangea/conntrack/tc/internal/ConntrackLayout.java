package io.pangea.conntrack.tc.internal;

import io.pangea.api.conntrack.ConnectionIds;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The structs of bpf/conntrack.bpf.c as Java sees them: {@code struct conn_key} (40 bytes), {@code struct
 * conn_flow} (64) and {@code struct conn_event} (64). Numbers are in the machine's byte order except the ports
 * of a key, which the program keeps in network order so that an endpoint compares bytewise.
 */
final class ConntrackLayout {
    static final int KEY_BYTES = 40;
    static final int FLOW_BYTES = 64;
    static final int EVENT_BYTES = 64;
    static final int TCP = 6;
    static final int UDP = 17;
    /** enum direction: the packet went from the key's lower endpoint to its higher one. */
    static final int LOWER_TO_HIGHER = 0;
    /** enum hook. */
    static final int INGRESS = 0;
    static final int EGRESS = 1;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ConntrackLayout() {
    }

    /** A direction-normalised 5-tuple: {@code lower} sorts before {@code higher} as 18-byte endpoints. */
    record Key(int protocol, InetSocketAddress lower, InetSocketAddress higher) {
        String protocolName() {
            return protocol == TCP ? "tcp" : protocol == UDP ? "udp" : Integer.toString(protocol);
        }

        /** The struct's bytes, as the program writes them. */
        byte[] encode() {
            ByteBuffer buffer = ByteBuffer.allocate(KEY_BYTES).order(ORDER);
            byte[] low = ConnectionIds.endpoint(lower);
            byte[] high = ConnectionIds.endpoint(higher);
            buffer.put(low, 0, 16).put(high, 0, 16).put(low, 16, 2).put(high, 16, 2).put((byte) protocol);
            return buffer.array();
        }
    }

    /**
     * One connection's counters. {@code packets[0]} and {@code bytes[0]} went from the lower endpoint to the higher,
     * index 1 the other way; times are the kernel's monotonic clock (bpf_ktime_get_ns).
     */
    record Flow(long id, long firstSeenNanos, long lastSeenNanos, long[] packets, long[] bytes, int tcpFlags,
                int firstDirection, int firstHook) {
        long totalPackets() {
            return packets[0] + packets[1];
        }

        long totalBytes() {
            return bytes[0] + bytes[1];
        }
    }

    /** The first packet of a new connection. */
    record Event(Key key, long id, long timestampNanos, int direction, int hook, int packets, long bytes) {
    }

    static Key key(byte[] raw) {
        check(raw.length, KEY_BYTES, "conn_key");
        byte[] low = new byte[ConnectionIds.ENDPOINT_BYTES];
        byte[] high = new byte[ConnectionIds.ENDPOINT_BYTES];
        System.arraycopy(raw, 0, low, 0, 16);
        System.arraycopy(raw, 16, high, 0, 16);
        System.arraycopy(raw, 32, low, 16, 2);
        System.arraycopy(raw, 34, high, 16, 2);
        return new Key(raw[36] & 0xff, endpoint(low), endpoint(high));
    }

    static Flow flow(byte[] raw) {
        check(raw.length, FLOW_BYTES, "conn_flow");
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(ORDER);
        long id = buffer.getLong();
        long first = buffer.getLong();
        long last = buffer.getLong();
        long[] packets = {buffer.getLong(), buffer.getLong()};
        long[] bytes = {buffer.getLong(), buffer.getLong()};
        int flags = buffer.getInt();
        int direction = buffer.get() & 0xff;
        int hook = buffer.get() & 0xff;
        return new Flow(id, first, last, packets, bytes, flags, direction, hook);
    }

    static Event event(ByteBuffer record) {
        check(record.remaining(), EVENT_BYTES, "conn_event");
        ByteBuffer buffer = record.duplicate().order(ORDER);
        byte[] key = new byte[KEY_BYTES];
        buffer.get(key);
        long id = buffer.getLong();
        long timestamp = buffer.getLong();
        int direction = buffer.get() & 0xff;
        int hook = buffer.get() & 0xff;
        int packets = buffer.getShort() & 0xffff;
        long bytes = buffer.getInt() & 0xffffffffL;
        return new Event(key(key), id, timestamp, direction, hook, packets, bytes);
    }

    /** 16 address bytes and a big-endian port; an IPv4-mapped address comes back as IPv4. */
    static InetSocketAddress endpoint(byte[] eighteen) {
        try {
            InetAddress address = InetAddress.getByAddress(Arrays.copyOf(eighteen, 16));
            return new InetSocketAddress(address, (eighteen[16] & 0xff) << 8 | (eighteen[17] & 0xff));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an address", e);
        }
    }

    static byte[] u32(int value) {
        return ByteBuffer.allocate(Integer.BYTES).order(ORDER).putInt(value).array();
    }

    static long u64(byte[] value) {
        return ByteBuffer.wrap(value).order(ORDER).getLong();
    }

    private static void check(int actual, int expected, String struct) {
        if (actual != expected) {
            throw new IllegalArgumentException("struct " + struct + " is " + expected + " bytes, not " + actual
                    + ": bpf/conntrack.bpf.c and this bundle disagree");
        }
    }
}
