package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardRules;
import io.pangea.bpf.BpfException;
import io.pangea.bpf.XdpLink;
import io.pangea.bpf.XdpMode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The guard program attached to the node's interfaces. Closing it detaches it everywhere; a JVM that dies
 * without closing it detaches it too, because every attachment is a link owned by this process.
 */
final class XdpGuard implements Guard, AutoCloseable {
    private final GuardProgram program;
    private final List<XdpLink> links;

    private XdpGuard(GuardProgram program, List<XdpLink> links) {
        this.program = program;
        this.links = List.copyOf(links);
    }

    /**
     * Loads the program and attaches it to every interface, trying the modes of {@code mode} in order; all or
     * nothing, so that a node is never believed guarded on an interface it is not.
     *
     * @throws BpfException naming the interface and mode that failed, or the load that failed
     */
    static XdpGuard start(List<GuardInterfaces.Interface> interfaces, AttachMode mode, GuardProgram.Settings settings)
            throws IOException {
        GuardProgram program = GuardProgram.load(settings);
        List<XdpLink> links = new ArrayList<>();
        try {
            for (GuardInterfaces.Interface network : interfaces) {
                links.add(attach(program, network, mode));
            }
            return new XdpGuard(program, links);
        } catch (RuntimeException e) {
            links.forEach(XdpLink::close);
            program.close();
            throw e;
        }
    }

    private static XdpLink attach(GuardProgram program, GuardInterfaces.Interface network, AttachMode mode) {
        List<String> failures = new ArrayList<>();
        BpfException last = null;
        for (XdpMode attempt : mode.attempts()) {
            try {
                return program.attach(network.index(), attempt);
            } catch (BpfException e) {
                failures.add(attempt.name().toLowerCase() + ": " + e.getMessage());
                last = e;
            }
        }
        throw new BpfException("could not attach the guard to " + network.name() + " ("
                + String.join("; ", failures) + ")", last == null ? 0 : last.errno());
    }

    @Override
    public void apply(GuardRules rules) {
        program.apply(rules);
    }

    @Override
    public GuardCounters counters() {
        return program.counters();
    }

    /** Where the guard runs, for example {@code eth0 (native)}. */
    List<XdpLink> links() {
        return links;
    }

    @Override
    public void close() {
        links.forEach(XdpLink::close);
        program.close();
    }

    @Override
    public String toString() {
        return "XDP guard on " + links.stream().map(XdpLink::toString).collect(Collectors.joining(", "));
    }
}
