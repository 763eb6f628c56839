package io.pangea.conntrack.tc.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Ethernet frames for BPF_PROG_TEST_RUN: IPv4 or IPv6 (by the addresses), TCP or UDP, a payload of zeros. */
final class TestFrames {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private TestFrames() {
    }

    static InetSocketAddress endpoint(String address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static byte[] tcp(InetSocketAddress source, InetSocketAddress destination, int flags, int payload) {
        byte[] l4 = new byte[20 + payload];
        ByteBuffer.wrap(l4).putShort((short) source.getPort()).putShort((short) destination.getPort())
                .putInt(1).putInt(0).put((byte) 0x50).put((byte) flags).putShort((short) 65535);
        return frame(source, destination, TCP, l4);
    }

    static byte[] udp(InetSocketAddress source, InetSocketAddress destination, int payload) {
        byte[] l4 = new byte[8 + payload];
        ByteBuffer.wrap(l4).putShort((short) source.getPort()).putShort((short) destination.getPort())
                .putShort((short) l4.length);
        return frame(source, destination, UDP, l4);
    }

    static byte[] frame(InetSocketAddress source, InetSocketAddress destination, int protocol, byte[] l4) {
        byte[] from = source.getAddress().getAddress();
        byte[] to = destination.getAddress().getAddress();
        boolean v6 = from.length == 16;
        int l3 = v6 ? 40 : 20;
        ByteBuffer frame = ByteBuffer.allocate(14 + l3 + l4.length);
        frame.put(new byte[]{2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) (v6 ? 0x86DD : 0x0800));
        if (v6) {
            frame.putInt(0x60000000).putShort((short) l4.length).put((byte) protocol).put((byte) 64).put(from).put(to);
        } else {
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putInt(0)
                    .put((byte) 64).put((byte) protocol).putShort((short) 0).put(from).put(to);
        }
        frame.put(l4);
        return frame.array();
    }
}
