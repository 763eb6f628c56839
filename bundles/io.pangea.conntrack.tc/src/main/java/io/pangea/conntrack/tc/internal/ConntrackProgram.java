package io.pangea.conntrack.tc.internal;

import io.pangea.bpf.Bpf;
import io.pangea.bpf.BpfLink;
import io.pangea.bpf.BpfMap;
import io.pangea.bpf.BpfObject;
import io.pangea.bpf.BpfRingBuffer;
import io.pangea.bpf.TcDirection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The loaded conntrack program (bpf/conntrack.bpf.c) and its maps: attaching, reading and deleting flows,
 * summing the per-CPU counters, and the new-connection ring buffer.
 */
final class ConntrackProgram implements AutoCloseable {
    static final String RESOURCE = "/bpf/conntrack.bpf.o";
    static final String INGRESS_PROGRAM = "conntrack_ingress";
    static final String EGRESS_PROGRAM = "conntrack_egress";
    static final String FLOWS = "conntrack_flows";
    static final String EVENTS = "conntrack_events";
    static final String COUNTERS = "conntrack_counters";
    /** MAX_NODE_PORTS in the program. */
    static final int MAX_PORTS = 32;

    /** What is fixed at load: the flow table's capacity and the ports to track (empty: all). */
    record Settings(int maxConnections, Set<Integer> ports) {
        static final Settings DEFAULT = new Settings(65536, Set.of());

        Settings {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive, not " + maxConnections);
            }
            ports = Set.copyOf(new TreeSet<>(ports));
            if (ports.size() > MAX_PORTS) {
                throw new IllegalArgumentException("at most " + MAX_PORTS + " ports can be tracked, not "
                        + ports.size() + "; leave ports empty to track every port");
            }
            for (int port : ports) {
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("not a port: " + port);
                }
            }
        }
    }

    /** The sums over all CPUs of the program's counters. */
    record Counters(long packets, long bytes, long newConnections, long eventsDropped) {
    }

    /** One entry of the flow table: its raw key (to delete it by) and what it holds. */
    record Entry(byte[] rawKey, ConntrackLayout.Key key, ConntrackLayout.Flow flow) {
    }

    private final BpfObject object;
    private final BpfMap flows;
    private final BpfMap counters;

    private ConntrackProgram(BpfObject object) {
        this.object = object;
        flows = object.map(FLOWS);
        counters = object.map(COUNTERS);
    }

    /**
     * Opens the packaged program, sizes its table, sets its ports and loads it; it sees nothing until attached.
     *
     * @throws io.pangea.bpf.BpfException when the kernel refuses it (rights, verifier)
     * @throws IOException when the program is not in the bundle
     */
    static ConntrackProgram load(Settings settings) throws IOException {
        BpfObject object = Bpf.open("conntrack", elf());
        try {
            object.map(FLOWS).setMaxEntries(settings.maxConnections());
            if (!settings.ports().isEmpty()) {
                ByteBuffer ports = ByteBuffer.allocate(2 * MAX_PORTS).order(ByteOrder.nativeOrder());
                settings.ports().stream().sorted().forEach(port -> ports.putShort((short) (int) port));
                object.setReadOnly("node_ports", ports.array());
                object.setReadOnlyInt("node_port_count", settings.ports().size());
            }
            object.load();
            return new ConntrackProgram(object);
        } catch (RuntimeException e) {
            object.close();
            throw e;
        }
    }

    static byte[] elf() throws IOException {
        try (InputStream in = ConntrackProgram.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the conntrack program " + RESOURCE + " is not in the bundle");
            }
            return in.readAllBytes();
        }
    }

    /** Attaches the program of {@code direction} to interface {@code ifindex} of the calling thread's namespace. */
    BpfLink attach(int ifindex, TcDirection direction) {
        String program = direction == TcDirection.INGRESS ? INGRESS_PROGRAM : EGRESS_PROGRAM;
        return object.program(program).attachTc(ifindex, direction);
    }

    /** Runs the program of {@code direction} once on {@code frame} (BPF_PROG_TEST_RUN): what real traffic does. */
    int testRun(TcDirection direction, byte[] frame) {
        return object.program(direction == TcDirection.INGRESS ? INGRESS_PROGRAM : EGRESS_PROGRAM).testRun(frame);
    }

    /** The flow table now; entries that vanish while it is read are left out. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (byte[] raw : flows.keys()) {
            flows.lookup(raw).ifPresent(value ->
                    entries.add(new Entry(raw, ConntrackLayout.key(raw), ConntrackLayout.flow(value))));
        }
        return entries;
    }

    Optional<ConntrackLayout.Flow> flow(byte[] rawKey) {
        return flows.lookup(rawKey).map(ConntrackLayout::flow);
    }

    boolean delete(byte[] rawKey) {
        return flows.delete(rawKey);
    }

    int capacity() {
        return flows.maxEntries();
    }

    Counters counters() {
        long[] sums = new long[4];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = counters.lookupPerCpu(ConntrackLayout.u32(i)).orElseThrow().stream()
                    .mapToLong(ConntrackLayout::u64).sum();
        }
        return new Counters(sums[0], sums[1], sums[2], sums[3]);
    }

    BpfRingBuffer events() {
        return object.ringBuffer(EVENTS);
    }

    @Override
    public void close() {
        object.close();
    }
}
