package io.pangea.guard.xdp.internal;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Ethernet frames for BPF_PROG_TEST_RUN: IPv4/IPv6, TCP/UDP, VLAN tags, IPv6 extension headers, fragments. */
final class Frames {
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int HOP_BY_HOP = 0;
    static final int ROUTING = 43;
    static final int FRAGMENT = 44;
    static final int DESTINATION = 60;

    private final InetAddress source;
    private final InetAddress destination;
    private final ByteArrayOutputStream vlanTags = new ByteArrayOutputStream();
    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private int firstExtension = -1;
    private int lastExtensionNextOffset = -1;
    private byte[] macs = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
    private int fragmentOffset;
    private boolean moreFragments;

    private Frames(String source, String destination) {
        this.source = address(source);
        this.destination = address(destination);
    }

    static Frames from(String source, String destination) {
        return new Frames(source, destination);
    }

    /**
     * The Ethernet addresses ({@code aa:bb:cc:dd:ee:ff}): a frame handed to a real interface's stack must be for
     * that interface's address, or the stack takes it for another host's.
     */
    Frames macs(String destination, String source) {
        byte[] both = new byte[12];
        String[] octets = (destination + ":" + source).split(":");
        for (int i = 0; i < 12; i++) {
            both[i] = (byte) Integer.parseInt(octets[i], 16);
        }
        macs = both;
        return this;
    }

    /** Adds an 802.1Q tag (in the order called). */
    Frames vlan(int id) {
        vlanTags.write(0x81);
        vlanTags.write(0x00);
        vlanTags.write((id >> 8) & 0x0f);
        vlanTags.write(id & 0xff);
        return this;
    }

    /** IPv4: a fragment at {@code offset} (8-byte units). IPv6: appends a fragment header. */
    Frames fragment(int offset, boolean more) {
        if (isV6()) {
            byte[] header = new byte[8];
            ByteBuffer.wrap(header, 2, 2).putShort((short) ((offset << 3) | (more ? 1 : 0)));
            header[7] = 42;
            appendExtension(FRAGMENT, header);
        } else {
            fragmentOffset = offset;
            moreFragments = more;
        }
        return this;
    }

    /** Appends an 8-byte IPv6 extension header (hop-by-hop, routing, destination options). */
    Frames extension(int type) {
        byte[] header = new byte[8];
        if (type == HOP_BY_HOP || type == DESTINATION) {
            header[2] = 1; // PadN over the remaining 4 bytes
            header[3] = 4;
        }
        appendExtension(type, header);
        return this;
    }

    private void appendExtension(int type, byte[] header) {
        byte[] written = extensions.toByteArray();
        if (firstExtension < 0) {
            firstExtension = type;
        } else {
            written[lastExtensionNextOffset] = (byte) type;
        }
        lastExtensionNextOffset = written.length;
        extensions.reset();
        extensions.writeBytes(written);
        extensions.writeBytes(header);
    }

    byte[] udp(int port) {
        byte[] l4 = new byte[8 + 16];
        ByteBuffer.wrap(l4).putShort((short) 40000).putShort((short) port).putShort((short) l4.length);
        return build(UDP, l4);
    }

    byte[] tcp(int port) {
        byte[] l4 = new byte[20];
        ByteBuffer.wrap(l4).putShort((short) 40000).putShort((short) port).putInt(1).putInt(0)
                .put((byte) 0x50).put((byte) 0x02); // SYN
        return build(TCP, l4);
    }

    byte[] icmp() {
        byte[] l4 = new byte[8];
        l4[0] = (byte) (isV6() ? 128 : 8);
        return build(isV6() ? 58 : ICMP, l4);
    }

    private boolean isV6() {
        return source.getAddress().length == 16;
    }

    private byte[] build(int protocol, byte[] l4) {
        byte[] ext = extensions.toByteArray();
        if (firstExtension >= 0) {
            ext[lastExtensionNextOffset] = (byte) protocol;
        }
        ByteBuffer frame = ByteBuffer.allocate(14 + vlanTags.size() + 40 + ext.length + l4.length);
        frame.put(macs);
        byte[] tags = vlanTags.toByteArray();
        // The tags sit between the source MAC and the real type: each tag's TPID is the previous type field.
        frame.put(tags);
        if (isV6()) {
            frame.putShort((short) 0x86DD);
            frame.putInt(0x60000000).putShort((short) (ext.length + l4.length))
                    .put((byte) (firstExtension >= 0 ? firstExtension : protocol)).put((byte) 64)
                    .put(source.getAddress()).put(destination.getAddress()).put(ext);
        } else {
            frame.putShort((short) 0x0800);
            int header = frame.position();
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 1)
                    .putShort((short) ((moreFragments ? 0x2000 : 0) | fragmentOffset)).put((byte) 64)
                    .put((byte) protocol).putShort((short) 0).put(source.getAddress()).put(destination.getAddress());
            // a valid header checksum, so that the stack takes the packet when a program passes it on
            frame.putShort(header + 10, checksum(frame.array(), header, 20));
        }
        frame.put(l4);
        byte[] bytes = new byte[frame.position()];
        frame.flip().get(bytes);
        return bytes;
    }

    /** The Internet checksum (RFC 1071) of {@code length} bytes from {@code offset}. */
    private static short checksum(byte[] bytes, int offset, int length) {
        long sum = 0;
        for (int i = offset; i < offset + length; i += 2) {
            sum += ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short) ~sum;
    }

    /** A frame of another protocol (ARP). */
    static byte[] arp() {
        byte[] frame = new byte[60];
        frame[12] = 0x08;
        frame[13] = 0x06;
        return frame;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
