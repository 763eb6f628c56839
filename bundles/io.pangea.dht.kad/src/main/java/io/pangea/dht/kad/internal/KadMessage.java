package io.pangea.dht.kad.internal;

import io.pangea.p2p.PeerId;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.wire.ProtoReader;
import io.pangea.p2p.wire.ProtoWriter;
import io.pangea.p2p.wire.WireFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code /ipfs/kad/1.0.0} {@code Message} protobuf, with its nested {@code Peer} and the {@code Record} of
 * libp2p-record. Field numbers follow the libp2p specification: Message {type 1, key 2, record 3, closerPeers 8,
 * providerPeers 9, clusterLevelRaw 10}; Peer {id 1, addrs 2, connection 3}; Record {key 1, value 2,
 * timeReceived 5}.
 *
 * <p>Decoding is strict and bounded, because every byte comes from a peer: sizes are checked against the limits below
 * before anything is copied, singular fields may appear once, enums must hold a known value, peer ids must be valid
 * multihashes, and any violation is a {@link WireFormatException}. Unknown fields are skipped (newer peers may add
 * some). Addresses stay raw bytes: a peer may advertise transports this node cannot parse, which is no reason to
 * drop the message ({@link Peer#multiaddrs()} keeps the ones it understands).
 */
public record KadMessage(Type type, byte[] key, Record record, List<Peer> closerPeers, List<Peer> providerPeers,
                         int clusterLevel) {
    /** The largest frame accepted on a Kademlia stream (go-libp2p-kad-dht uses 4 MiB too). */
    public static final int MAX_MESSAGE_BYTES = 4 << 20;
    public static final int MAX_KEY_BYTES = 1024;
    public static final int MAX_VALUE_BYTES = 64 << 10;
    public static final int MAX_PEERS = 100;
    public static final int MAX_ADDRS_PER_PEER = 32;
    public static final int MAX_TIME_RECEIVED_BYTES = 64;

    public enum Type {
        PUT_VALUE, GET_VALUE, ADD_PROVIDER, GET_PROVIDERS, FIND_NODE, PING;

        static Type of(int value) {
            if (value < 0 || value >= values().length) {
                throw new WireFormatException("kad message: unknown message type " + value);
            }
            return values()[value];
        }
    }

    public enum Connection {
        NOT_CONNECTED, CONNECTED, CAN_CONNECT, CANNOT_CONNECT;

        static Connection of(int value) {
            if (value < 0 || value >= values().length) {
                throw new WireFormatException("kad peer: unknown connection type " + value);
            }
            return values()[value];
        }
    }

    public KadMessage {
        Objects.requireNonNull(type, "type");
        key = key == null ? new byte[0] : key;
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    public static KadMessage request(Type type, byte[] key) {
        return new KadMessage(type, key, null, List.of(), List.of(), 0);
    }

    public KadMessage withRecord(Record newRecord) {
        return new KadMessage(type, key, newRecord, closerPeers, providerPeers, clusterLevel);
    }

    public KadMessage withCloserPeers(List<Peer> peers) {
        return new KadMessage(type, key, record, peers, providerPeers, clusterLevel);
    }

    public KadMessage withProviderPeers(List<Peer> peers) {
        return new KadMessage(type, key, record, closerPeers, peers, clusterLevel);
    }

    /** The deterministic encoding: fields in ascending number, defaults (zero, empty) omitted as proto3 does. */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter();
        if (type.ordinal() != 0) {
            w.writeInt32(1, type.ordinal());
        }
        if (key.length > 0) {
            w.writeBytes(2, key);
        }
        if (record != null) {
            w.writeMessage(3, record.writer());
        }
        closerPeers.forEach(p -> w.writeMessage(8, p.writer()));
        providerPeers.forEach(p -> w.writeMessage(9, p.writer()));
        if (clusterLevel != 0) {
            w.writeInt32(10, clusterLevel);
        }
        return w.toByteArray();
    }

    /**
     * Decodes one message (one length-prefixed frame's payload).
     *
     * @throws WireFormatException if it is malformed, truncated or exceeds a limit
     */
    public static KadMessage decode(byte[] bytes) {
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new WireFormatException("kad message of " + bytes.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        ProtoReader r = new ProtoReader(bytes);
        Type type = Type.PUT_VALUE;
        byte[] key = null;
        Record record = null;
        List<Peer> closer = new ArrayList<>();
        List<Peer> providers = new ArrayList<>();
        int cluster = 0;
        long seen = 0;
        while (r.next()) {
            int field = r.field();
            switch (field) {
                case 1 -> type = Type.of(r.readEnum());
                case 2 -> key = r.readBytes(MAX_KEY_BYTES);
                case 3 -> record = Record.read(r.readMessage());
                case 8 -> closer.add(Peer.read(r.readMessage(), closer.size()));
                case 9 -> providers.add(Peer.read(r.readMessage(), providers.size()));
                case 10 -> cluster = r.readInt32();
                default -> {
                    continue;
                }
            }
            if (field != 8 && field != 9) {
                seen = once(seen, field, "kad message");
            }
        }
        return new KadMessage(type, key, record, closer, providers, cluster);
    }

    private static long once(long seen, int field, String what) {
        long bit = 1L << field;
        if ((seen & bit) != 0) {
            throw new WireFormatException(what + ": field " + field + " appears twice");
        }
        return seen | bit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadMessage m && Arrays.equals(encode(), m.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "KadMessage[" + type + ", key " + key.length + " B, record " + (record != null) + ", closer "
                + closerPeers.size() + ", providers " + providerPeers.size() + "]";
    }

    /** A peer as the DHT describes it: its id, the raw multiaddrs it is reachable at, and the sender's view of it. */
    public record Peer(PeerId id, List<byte[]> addrs, Connection connection) {
        public Peer {
            Objects.requireNonNull(id, "id");
            addrs = List.copyOf(addrs);
            Objects.requireNonNull(connection, "connection");
        }

        public static Peer of(KadPeer peer) {
            return new Peer(peer.id(), peer.addresses().stream().map(Multiaddr::bytes).toList(),
                    Connection.NOT_CONNECTED);
        }

        /** The addresses this node can decode; undecodable ones are dropped. */
        public List<Multiaddr> multiaddrs() {
            List<Multiaddr> out = new ArrayList<>();
            for (byte[] a : addrs) {
                try {
                    out.add(Multiaddr.decode(a));
                } catch (IllegalArgumentException e) {
                    // a transport this node does not speak
                }
            }
            return out;
        }

        public KadPeer toKadPeer() {
            return new KadPeer(id, multiaddrs());
        }

        ProtoWriter writer() {
            ProtoWriter w = new ProtoWriter().writeBytes(1, id.bytes());
            addrs.forEach(a -> w.writeBytes(2, a));
            if (connection.ordinal() != 0) {
                w.writeInt32(3, connection.ordinal());
            }
            return w;
        }

        static Peer read(ProtoReader r, int index) {
            if (index >= MAX_PEERS) {
                throw new WireFormatException("kad message: more than " + MAX_PEERS + " peers in one list");
            }
            PeerId id = null;
            List<byte[]> addrs = new ArrayList<>();
            Connection connection = Connection.NOT_CONNECTED;
            long seen = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> {
                        seen = once(seen, 1, "kad peer");
                        id = PeerId.fromBytes(r.readBytes(MAX_KEY_BYTES));
                    }
                    case 2 -> {
                        if (addrs.size() == MAX_ADDRS_PER_PEER) {
                            throw new WireFormatException("kad peer: more than " + MAX_ADDRS_PER_PEER + " addresses");
                        }
                        addrs.add(r.readBytes(Multiaddr.MAX_ENCODED_LENGTH));
                    }
                    case 3 -> {
                        seen = once(seen, 3, "kad peer");
                        connection = Connection.of(r.readEnum());
                    }
                    default -> { }
                }
            }
            if (id == null) {
                throw new WireFormatException("kad peer without an id");
            }
            return new Peer(id, addrs, connection);
        }
    }

    /** A stored value; {@code timeReceived} is RFC 3339 text set by the receiver (empty when absent). */
    public record Record(byte[] key, byte[] value, String timeReceived) {
        public Record {
            key = key == null ? new byte[0] : key;
            value = value == null ? new byte[0] : value;
            timeReceived = timeReceived == null ? "" : timeReceived;
        }

        ProtoWriter writer() {
            ProtoWriter w = new ProtoWriter();
            if (key.length > 0) {
                w.writeBytes(1, key);
            }
            if (value.length > 0) {
                w.writeBytes(2, value);
            }
            if (!timeReceived.isEmpty()) {
                w.writeString(5, timeReceived);
            }
            return w;
        }

        static Record read(ProtoReader r) {
            byte[] key = null;
            byte[] value = null;
            String time = null;
            long seen = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> {
                        seen = once(seen, 1, "kad record");
                        key = r.readBytes(MAX_KEY_BYTES);
                    }
                    case 2 -> {
                        seen = once(seen, 2, "kad record");
                        value = r.readBytes(MAX_VALUE_BYTES);
                    }
                    case 5 -> {
                        seen = once(seen, 5, "kad record");
                        time = Utf8Strict.decode(r.readBytes(MAX_TIME_RECEIVED_BYTES));
                    }
                    default -> { }
                }
            }
            return new Record(key, value, time);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Record r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value)
                    && timeReceived.equals(r.timeReceived);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Record[key " + key.length + " B, value " + value.length + " B, " + timeReceived + "]";
        }
    }
}
