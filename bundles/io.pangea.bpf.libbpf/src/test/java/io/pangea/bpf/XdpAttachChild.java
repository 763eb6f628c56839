package io.pangea.bpf;

import java.util.concurrent.TimeUnit;

/**
 * A JVM that attaches the test program and then waits to be killed: {@code XdpAttachChild <namespace> <ifindex> <mode>}, attached inside that network namespace.
 * Prints {@code attached <program id>} once attached; exits by itself after a minute at the latest.
 */
public final class XdpAttachChild {
    private XdpAttachChild() {
    }

    public static void main(String[] arguments) throws Exception {
        String namespace = arguments[0];
        int ifindex = Integer.parseInt(arguments[1]);
        XdpMode mode = XdpMode.valueOf(arguments[2]);
        BpfObject object = TestObjects.open();
        object.load();
        int programId = NetworkNamespace.run(namespace, () -> {
            object.program("count_packets").attachXdp(ifindex, mode);
            return Bpf.xdpAttachment(ifindex).orElseThrow().programId();
        });
        System.out.println("attached " + programId);
        System.out.flush();
        TimeUnit.MINUTES.sleep(1);
    }
}
