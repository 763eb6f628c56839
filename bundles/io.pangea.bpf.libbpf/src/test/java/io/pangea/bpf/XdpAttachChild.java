package io.pangea.bpf;

import java.util.concurrent.TimeUnit;

/**
 * A JVM that attaches the test program and then waits to be killed: {@code XdpAttachChild <ifindex> <mode>}.
 * Prints {@code attached <program id>} once attached; exits by itself after a minute at the latest.
 */
public final class XdpAttachChild {
    private XdpAttachChild() {
    }

    public static void main(String[] arguments) throws InterruptedException {
        int ifindex = Integer.parseInt(arguments[0]);
        XdpMode mode = XdpMode.valueOf(arguments[1]);
        BpfObject object = TestObjects.open();
        object.load();
        object.program("count_packets").attachXdp(ifindex, mode);
        System.out.println("attached " + Bpf.xdpAttachment(ifindex).orElseThrow().programId());
        System.out.flush();
        TimeUnit.MINUTES.sleep(1);
    }
}
