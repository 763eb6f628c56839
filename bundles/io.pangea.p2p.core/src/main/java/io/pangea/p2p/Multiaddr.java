package io.pangea.p2p;

import io.pangea.p2p.internal.IpText;
import io.pangea.p2p.internal.Utf8;
import io.pangea.p2p.wire.Varint;
import io.pangea.p2p.wire.WireFormatException;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr: a self-describing network address made of protocol components, such as
 * {@code /ip4/192.0.2.1/udp/4001/quic-v1/p2p/12D3KooW…}.
 *
 * <p>Text form {@code (/<name>[/<value>])+}; binary form {@code (<uvarint code><value>)+}, where a value is fixed-size
 * or {@code <uvarint length><bytes>} (see {@link MultiaddrProtocol}). Both codecs are strict and bounded
 * ({@value #MAX_ENCODED_LENGTH} bytes, {@value #MAX_TEXT_LENGTH} characters), and their
 * {@link WireFormatException}s name the offending component. Text is written canonically (RFC 5952 IPv6, base58btc
 * peer ids), so text parsed and written again can differ in spelling but never in meaning: the binary form is the
 * identity, and equality is by bytes.
 */
public final class Multiaddr {
    /** The longest binary multiaddr decoded. */
    public static final int MAX_ENCODED_LENGTH = 1024;
    /** The longest text multiaddr parsed. */
    public static final int MAX_TEXT_LENGTH = 2048;
    /** The longest DNS name (in UTF-8 bytes) in a dns, dns4, dns6 or dnsaddr component. */
    public static final int MAX_DNS_NAME_LENGTH = 255;

    private final List<Component> components;
    private final byte[] bytes;

    private Multiaddr(List<Component> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a multiaddr has at least one component");
        }
        this.components = List.copyOf(components);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Component c : components) {
            c.writeTo(out);
        }
        this.bytes = out.toByteArray();
    }

    public static Multiaddr of(List<Component> components) {
        return new Multiaddr(components);
    }

    public static Multiaddr of(Component... components) {
        return new Multiaddr(List.of(components));
    }

    /** {@code /ip4|ip6/<host>/tcp/<port>}. */
    public static Multiaddr tcp(InetAddress host, int port) {
        return of(Component.host(host), Component.port(MultiaddrProtocol.TCP, port));
    }

    /** {@code /ip4|ip6/<host>/udp/<port>/quic-v1}. */
    public static Multiaddr quic(InetAddress host, int port) {
        return of(Component.host(host), Component.port(MultiaddrProtocol.UDP, port),
                Component.of(MultiaddrProtocol.QUIC_V1));
    }

    /**
     * Parses the text form.
     *
     * @throws WireFormatException naming the offending component
     */
    public static Multiaddr parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new WireFormatException("multiaddr text of " + text.length() + " characters exceeds the limit of "
                    + MAX_TEXT_LENGTH);
        }
        if (!text.startsWith("/")) {
            throw new WireFormatException("invalid multiaddr " + quote(text) + ": must start with '/'");
        }
        String[] parts = text.substring(1).split("/", -1);
        int count = parts.length;
        if (count > 1 && parts[count - 1].isEmpty()) {
            count--; // one trailing slash is tolerated
        }
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = parts[i];
            if (name.isEmpty()) {
                throw new WireFormatException("invalid multiaddr " + quote(text)
                        + (components.isEmpty() && count == 1 ? ": no components" : ": empty protocol name"));
            }
            MultiaddrProtocol protocol = MultiaddrProtocol.forName(name).orElseThrow(() ->
                    new WireFormatException("invalid multiaddr " + quote(text) + ": unknown protocol /" + name));
            if (!protocol.hasValue()) {
                components.add(Component.of(protocol));
                continue;
            }
            if (i + 1 >= count || parts[i + 1].isEmpty()) {
                throw new WireFormatException("invalid multiaddr " + quote(text) + ": component /" + name
                        + " is missing its value");
            }
            String value = parts[++i];
            try {
                components.add(Component.parse(protocol, value));
            } catch (WireFormatException e) {
                throw new WireFormatException("invalid multiaddr " + quote(text) + ": component /" + name + "/"
                        + value + ": " + e.getMessage(), e);
            }
        }
        return new Multiaddr(components);
    }

    /**
     * Decodes the binary form.
     *
     * @throws WireFormatException naming the offending component
     */
    public static Multiaddr decode(byte[] bytes) {
        if (bytes.length > MAX_ENCODED_LENGTH) {
            throw new WireFormatException("multiaddr of " + bytes.length + " bytes exceeds the limit of "
                    + MAX_ENCODED_LENGTH);
        }
        if (bytes.length == 0) {
            throw new WireFormatException("invalid multiaddr: no components");
        }
        ByteBuffer src = ByteBuffer.wrap(bytes);
        List<Component> components = new ArrayList<>();
        while (src.hasRemaining()) {
            int index = components.size() + 1;
            String where = "invalid multiaddr: component #" + index;
            long code;
            try {
                code = Varint.read(src);
            } catch (WireFormatException e) {
                throw new WireFormatException(where + ": protocol code: " + e.getMessage(), e);
            }
            Optional<MultiaddrProtocol> known = MultiaddrProtocol.forCode(code);
            if (known.isEmpty()) {
                throw new WireFormatException(where + ": unknown protocol code " + code + " (0x"
                        + Long.toHexString(code) + ")");
            }
            MultiaddrProtocol protocol = known.get();
            where += " (/" + protocol.protocolName() + ")";
            int length = protocol.valueLength();
            if (length == MultiaddrProtocol.VARIABLE) {
                long claimed;
                try {
                    claimed = Varint.read(src);
                } catch (WireFormatException e) {
                    throw new WireFormatException(where + ": value length: " + e.getMessage(), e);
                }
                if (claimed > src.remaining()) {
                    throw new WireFormatException(where + ": value length " + claimed + " exceeds the limit of "
                            + src.remaining() + " (bytes left in the address)");
                }
                length = (int) claimed;
            } else if (src.remaining() < length) {
                throw new WireFormatException(where + ": truncated value, " + src.remaining() + " of " + length
                        + " bytes present");
            }
            byte[] value = new byte[length];
            src.get(value);
            try {
                components.add(Component.of(protocol, value));
            } catch (WireFormatException e) {
                throw new WireFormatException(where + ": " + e.getMessage(), e);
            }
        }
        return new Multiaddr(components);
    }

    public List<Component> components() {
        return components;
    }

    /** The binary form. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** This address followed by {@code inner}'s components. */
    public Multiaddr encapsulate(Multiaddr inner) {
        List<Component> all = new ArrayList<>(components);
        all.addAll(inner.components);
        return new Multiaddr(all);
    }

    /** The peer id of a final {@code /p2p} component (the peer this address reaches). */
    public Optional<PeerId> peerId() {
        Component last = components.get(components.size() - 1);
        return last.protocol() == MultiaddrProtocol.P2P ? Optional.of(PeerId.fromBytes(last.value)) : Optional.empty();
    }

    /**
     * This address ending in {@code /p2p/<peer>}: unchanged if it already names that peer.
     *
     * @throws IllegalArgumentException if it already names a different peer
     */
    public Multiaddr withPeer(PeerId peer) {
        Optional<PeerId> existing = peerId();
        if (existing.isPresent()) {
            if (existing.get().equals(peer)) {
                return this;
            }
            throw new IllegalArgumentException(this + " already names peer " + existing.get() + ", not " + peer);
        }
        return encapsulate(of(Component.of(MultiaddrProtocol.P2P, peer.bytes())));
    }

    /**
     * This address without a final {@code /p2p} component; an address that is only {@code /p2p/<id>} stays as it
     * is.
     */
    public Multiaddr withoutPeer() {
        if (peerId().isEmpty() || components.size() == 1) {
            return this;
        }
        return new Multiaddr(components.subList(0, components.size() - 1));
    }

    /**
     * The host and port of an address starting with {@code /ip4|ip6|dns|dns4|dns6/<host>/tcp|udp/<port>}: resolved
     * for IP addresses, unresolved (no lookup is made) for DNS names.
     */
    public Optional<InetSocketAddress> socketAddress() {
        if (components.size() < 2) {
            return Optional.empty();
        }
        Component host = components.get(0);
        Component port = components.get(1);
        if (port.protocol() != MultiaddrProtocol.TCP && port.protocol() != MultiaddrProtocol.UDP) {
            return Optional.empty();
        }
        int number = port.port();
        switch (host.protocol()) {
            case IP4, IP6 -> {
                try {
                    return Optional.of(new InetSocketAddress(InetAddress.getByAddress(host.value), number));
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
            case DNS, DNS4, DNS6 -> {
                return Optional.of(InetSocketAddress.createUnresolved(host.valueText(), number));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Whether this is a plain TCP address: {@code /<host>/tcp/<port>}, optionally followed by {@code /p2p/<id>}. */
    public boolean isTcp() {
        return hostThen(MultiaddrProtocol.TCP) && (components.size() == 2 || endsWithPeerAt(2));
    }

    /**
     * Whether this is a QUIC v1 address: {@code /<host>/udp/<port>/quic-v1}, optionally followed by
     * {@code /p2p/<id>}.
     */
    public boolean isQuic() {
        return hostThen(MultiaddrProtocol.UDP) && components.size() >= 3
                && components.get(2).protocol() == MultiaddrProtocol.QUIC_V1
                && (components.size() == 3 || endsWithPeerAt(3));
    }

    private boolean hostThen(MultiaddrProtocol transport) {
        if (components.size() < 2 || components.get(1).protocol() != transport) {
            return false;
        }
        return switch (components.get(0).protocol()) {
            case IP4, IP6, DNS, DNS4, DNS6 -> true;
            default -> false;
        };
    }

    private boolean endsWithPeerAt(int index) {
        return components.size() == index + 1 && components.get(index).protocol() == MultiaddrProtocol.P2P;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Component c : components) {
            text.append(c);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 100 ? text.substring(0, 97) + "..." : text) + "\"";
    }

    /** One protocol of a multiaddr and its value, validated. */
    public static final class Component {
        private final MultiaddrProtocol protocol;
        private final byte[] value;

        private Component(MultiaddrProtocol protocol, byte[] value) {
            this.protocol = protocol;
            this.value = value;
        }

        /** A component without a value, such as {@code /quic-v1}. */
        public static Component of(MultiaddrProtocol protocol) {
            return of(protocol, new byte[0]);
        }

        /**
         * A component from its binary value.
         *
         * @throws WireFormatException if the value is not valid for the protocol
         */
        public static Component of(MultiaddrProtocol protocol, byte[] value) {
            int fixed = protocol.valueLength();
            if (fixed != MultiaddrProtocol.VARIABLE && value.length != fixed) {
                throw new WireFormatException("value of " + value.length + " bytes, expected " + fixed);
            }
            byte[] copy = value.clone();
            switch (protocol) {
                case DNS, DNS4, DNS6, DNSADDR -> checkDnsName(Utf8.decode(copy, 0, copy.length, "DNS name"),
                        copy.length);
                case P2P -> PeerId.fromBytes(copy);
                default -> {
                }
            }
            return new Component(protocol, copy);
        }

        /**
         * A component from its text value.
         *
         * @throws WireFormatException if the text is not a valid value for the protocol
         */
        public static Component parse(MultiaddrProtocol protocol, String text) {
            byte[] value = switch (protocol) {
                case IP4 -> IpText.parseIpv4(text);
                case IP6 -> IpText.parseIpv6(text);
                case TCP, UDP -> portBytes(parsePort(text));
                case DNS, DNS4, DNS6, DNSADDR -> {
                    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
                    checkDnsName(text, utf8.length);
                    yield utf8;
                }
                case P2P -> PeerId.parse(text).bytes();
                default -> {
                    if (!text.isEmpty()) {
                        throw new WireFormatException("/" + protocol.protocolName() + " takes no value");
                    }
                    yield new byte[0];
                }
            };
            return new Component(protocol, value);
        }

        static Component host(InetAddress address) {
            byte[] raw = address.getAddress();
            return new Component(address instanceof Inet4Address ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6, raw);
        }

        static Component port(MultiaddrProtocol protocol, int port) {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return new Component(protocol, portBytes(port));
        }

        public MultiaddrProtocol protocol() {
            return protocol;
        }

        /** The binary value (empty for protocols without one). */
        public byte[] value() {
            return value.clone();
        }

        /** The text value: an address, a port, a DNS name, a base58btc peer id, or empty. */
        public String valueText() {
            return switch (protocol) {
                case IP4 -> IpText.formatIpv4(value, 0);
                case IP6 -> IpText.formatIpv6(value);
                case TCP, UDP -> Integer.toString(port());
                case DNS, DNS4, DNS6, DNSADDR -> new String(value, StandardCharsets.UTF_8);
                case P2P -> PeerId.fromBytes(value).toBase58();
                default -> "";
            };
        }

        int port() {
            return ((value[0] & 0xFF) << 8) | (value[1] & 0xFF);
        }

        void writeTo(ByteArrayOutputStream out) {
            out.writeBytes(Varint.encode(protocol.code()));
            if (protocol.valueLength() == MultiaddrProtocol.VARIABLE) {
                out.writeBytes(Varint.encode(value.length));
            }
            out.writeBytes(value);
        }

        private static int parsePort(String text) {
            if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')) {
                throw new WireFormatException("\"" + text + "\" is not a port number (0-65535, no leading zeros)");
            }
            int port = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new WireFormatException("\"" + text + "\" is not a port number (0-65535, no leading zeros)");
                }
                port = port * 10 + (c - '0');
            }
            if (port > 0xFFFF) {
                throw new WireFormatException("port " + port + " is out of range (0-65535)");
            }
            return port;
        }

        private static byte[] portBytes(int port) {
            return new byte[] {(byte) (port >>> 8), (byte) port};
        }

        private static void checkDnsName(String name, int utf8Length) {
            if (name.isEmpty()) {
                throw new WireFormatException("empty DNS name");
            }
            if (utf8Length > MAX_DNS_NAME_LENGTH) {
                throw new WireFormatException("DNS name of " + utf8Length + " bytes exceeds " + MAX_DNS_NAME_LENGTH);
            }
            if (name.indexOf('/') >= 0) {
                throw new WireFormatException("DNS name contains '/'");
            }
        }

        @Override
        public String toString() {
            return protocol.hasValue() ? "/" + protocol.protocolName() + "/" + valueText() : "/" + protocol.protocolName();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Component other && protocol == other.protocol && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return 31 * protocol.hashCode() + Arrays.hashCode(value);
        }
    }
}
