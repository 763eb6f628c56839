package io.pangea.tracer.internal;

import io.pangea.bpf.Bpf;
import io.pangea.bpf.BpfLink;
import io.pangea.bpf.BpfMap;
import io.pangea.bpf.BpfObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The tracer program (bpf/tracer.bpf.c) loaded and attached to its tracepoints, and its maps read in that file's
 * layout. The kernel runs the programs for every TCP socket of the machine, in every network namespace; the port
 * filter, when set, narrows that to sockets on the node's own ports.
 */
final class TracerProgram implements AutoCloseable {
    static final String RESOURCE = "/bpf/tracer.bpf.o";
    static final String OBJECT = "tracer";
    /** The size of node_ports in the program. */
    static final int MAX_PORTS = 16;
    /** One per tracepoint; all or none are attached, so the counters never tell half the story. */
    static final List<String> PROGRAMS =
            List.of("tracer_retransmit", "tracer_state", "tracer_send_reset", "tracer_receive_reset");
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int AF_INET = 2;
    /** Slots of tracer_counters (enum counter in the program). */
    private static final int RETRANSMITS = 0;
    private static final int OPENED_ACTIVE = 1;
    private static final int OPENED_PASSIVE = 2;
    private static final int RESETS_SENT = 3;
    private static final int RESETS_RECEIVED = 4;
    private static final int ABORTED = 5;

    /** What is fixed at load. */
    record Settings(int[] ports, int remoteTable) {
        Settings {
            ports = ports.clone();
            if (ports.length > MAX_PORTS) {
                throw new IllegalArgumentException(ports.length + " ports given; the tracer filters by at most "
                        + MAX_PORTS);
            }
            for (int port : ports) {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("not a port: " + port);
                }
            }
            if (remoteTable < 1) {
                throw new IllegalArgumentException("remoteTable must be positive, not " + remoteTable);
            }
        }

        @Override
        public int[] ports() {
            return ports.clone();
        }
    }

    private final BpfObject object;
    private final BpfMap counters;
    private final BpfMap states;
    private final BpfMap remotes;
    private final List<BpfLink> links;

    private TracerProgram(BpfObject object, List<BpfLink> links) {
        this.object = object;
        this.links = links;
        counters = object.map("tracer_counters");
        states = object.map("tracer_states");
        remotes = object.map("tracer_remotes");
    }

    /**
     * Loads the packaged program and attaches every tracepoint.
     *
     * @throws io.pangea.bpf.BpfException when the kernel refuses it (rights, verifier, a missing tracepoint)
     * @throws IOException when the program is not in the bundle
     */
    static TracerProgram start(Settings settings) throws IOException {
        BpfObject object = Bpf.open(OBJECT, elf());
        List<BpfLink> links = new ArrayList<>();
        try {
            int[] ports = settings.ports();
            ByteBuffer table = ByteBuffer.allocate(2 * MAX_PORTS).order(ORDER);
            for (int port : ports) {
                table.putShort((short) port);
            }
            object.setReadOnly("node_ports", table.array());
            object.setReadOnlyInt("node_port_count", ports.length);
            object.map("tracer_remotes").setMaxEntries(settings.remoteTable());
            object.load();
            for (String program : PROGRAMS) {
                links.add(object.program(program).attach());
            }
            return new TracerProgram(object, List.copyOf(links));
        } catch (RuntimeException e) {
            links.forEach(BpfLink::close);
            object.close();
            throw e;
        }
    }

    static byte[] elf() throws IOException {
        try (InputStream in = TracerProgram.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the tracer program " + RESOURCE + " is not in the bundle");
            }
            return in.readAllBytes();
        }
    }

    TcpCounters counters() {
        long[] transitions = new long[TcpState.SLOTS];
        for (int state = 0; state < transitions.length; state++) {
            transitions[state] = sum(states, state);
        }
        return new TcpCounters(sum(counters, RETRANSMITS), sum(counters, OPENED_ACTIVE), sum(counters, OPENED_PASSIVE),
                sum(counters, RESETS_SENT), sum(counters, RESETS_RECEIVED), sum(counters, ABORTED), transitions);
    }

    /** Every remote end in the table now (at most remoteTable of them), in no order. */
    List<RemoteRetransmits> remotes() {
        List<RemoteRetransmits> found = new ArrayList<>();
        for (byte[] key : remotes.keys()) {
            // An entry the LRU evicted between listing and lookup is simply left out.
            remotes.lookup(key).flatMap(value -> remote(key, u64(value))).ifPresent(found::add);
        }
        return found;
    }

    /** Detaches the programs; the counters stay readable and stop moving. */
    void detach() {
        links.forEach(BpfLink::close);
    }

    boolean attached() {
        return links.stream().noneMatch(BpfLink::closed);
    }

    @Override
    public void close() {
        detach();
        object.close();
    }

    /** struct remote {__u8 addr[16]; __u16 port; __u16 family;}. */
    static Optional<RemoteRetransmits> remote(byte[] key, long count) {
        ByteBuffer buffer = ByteBuffer.wrap(key).order(ORDER);
        byte[] address = new byte[16];
        buffer.get(address);
        int port = Short.toUnsignedInt(buffer.getShort());
        int family = Short.toUnsignedInt(buffer.getShort());
        try {
            byte[] bytes = family == AF_INET ? Arrays.copyOf(address, 4) : address;
            return Optional.of(new RemoteRetransmits(InetAddress.getByAddress(bytes), port, count));
        } catch (UnknownHostException e) {
            return Optional.empty(); // not 4 or 16 bytes: cannot happen with the arrays above
        }
    }

    private static long sum(BpfMap map, int slot) {
        return map.lookupPerCpu(u32(slot)).orElseThrow().stream().mapToLong(TracerProgram::u64).sum();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).order(ORDER).putInt(value).array();
    }

    private static long u64(byte[] value) {
        return ByteBuffer.wrap(value).order(ORDER).getLong();
    }
}
