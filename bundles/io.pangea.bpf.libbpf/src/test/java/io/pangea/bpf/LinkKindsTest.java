package io.pangea.bpf;

import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static io.pangea.bpf.TestObjects.frame;
import static io.pangea.bpf.TestObjects.u32;
import static io.pangea.bpf.TestObjects.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TC (TCX) and tracing links in the real kernel, and repeated / live test runs. */
class LinkKindsTest {
    private static final int TC_SLOT = 0;
    private static final int ESTABLISHED_SLOT = 1;

    private static long hook(BpfObject object, int slot) {
        return u64(object.map("test_hooks").lookup(u32(slot)).orElseThrow());
    }

    /** UDP datagrams from the peer namespace to the node end (a closed port: only their arrival matters). */
    private static void sendFromPeer(VethPair veth, int count) throws Exception {
        NetworkNamespace.run(veth.namespace(), () -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                for (int i = 0; i < count; i++) {
                    socket.send(new DatagramPacket(new byte[16], 16, InetAddress.getByName("192.0.2.1"), 9));
                    Thread.sleep(50);
                }
            }
            return null;
        });
        Thread.sleep(200); // the last datagram crosses the veth asynchronously
    }

    @Test
    void aTcProgramSeesTrafficOnItsHookUntilTheLinkCloses() throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            veth.nodeAddress("192.0.2.1/24");
            veth.peerAddress("192.0.2.2/24");
            NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), () -> {
                try (BpfObject object = TestObjects.open()) {
                    object.load();
                    BpfLink link = object.program("count_tc").attachTc(veth.nodeIndex(), TcDirection.INGRESS);
                    sendFromPeer(veth, 3);
                    long seen = hook(object, TC_SLOT);
                    assertThat(seen).as("3 datagrams (and ARP) arrived").isBetween(3L, 20L);

                    link.close();
                    assertThat(link.closed()).isTrue();
                    sendFromPeer(veth, 2);
                    assertThat(hook(object, TC_SLOT)).as("detached: no more counts").isEqualTo(seen);
                }
                return null;
            });
        }
    }

    @Test
    void anXdpProgramCannotGoOnATcHook() throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), () -> {
                try (BpfObject object = TestObjects.open()) {
                    object.load();
                    assertThatThrownBy(() -> object.program("count_packets")
                            .attachTc(veth.nodeIndex(), TcDirection.EGRESS))
                            .isInstanceOf(BpfException.class)
                            .hasMessageContaining("could not attach TC program 'count_packets' to the egress");
                }
                return null;
            });
        }
    }

    @Test
    void aTracingProgramCountsTcpHandshakes() throws Exception {
        KernelTests.assume();
        try (BpfObject object = TestObjects.open()) {
            object.load();
            long before = hook(object, ESTABLISHED_SLOT);
            try (BpfLink link = object.program("count_established").attach()) {
                assertThat(link.program()).isEqualTo("count_established");
                try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                     Socket client = new Socket()) {
                    client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                    server.accept().close();
                }
                // Both ends reach ESTABLISHED; other processes' connections may add more, never fewer.
                assertThat(hook(object, ESTABLISHED_SLOT) - before).isGreaterThanOrEqualTo(2);
            }
            assertThatThrownBy(() -> object.program("count_tc").attach())
                    .isInstanceOf(BpfException.class).hasMessageContaining("not a tracing program");
        }
    }

    @Test
    void repeatedTestRunsReportTheirTime() {
        KernelTests.assume();
        try (BpfObject object = TestObjects.open()) {
            object.load();
            TestRun run = object.program("count_packets").testRun(frame(), 1000);
            assertThat(run.returnValue()).isEqualTo(TestObjects.XDP_PASS);
            assertThat(run.nanosPerRun()).isPositive();
            assertThatThrownBy(() -> object.program("count_packets").testRun(frame(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void liveFramesReachTheInterfacesStack() throws Exception {
        KernelTests.assume();
        try (VethPair veth = VethPair.isolated()) {
            NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), () -> {
                try (BpfObject object = TestObjects.open()) {
                    object.load();
                    TestRun run = object.program("count_packets").testRunLive(frame(), veth.nodeIndex(), 500);
                    assertThat(run.nanosPerRun()).isPositive();
                    long[] seen = object.map("test_packets").lookupPerCpu(u32(0)).orElseThrow().stream()
                            .mapToLong(TestObjects::u64).toArray();
                    assertThat(java.util.Arrays.stream(seen).sum()).as("every live frame ran the program")
                            .isEqualTo(500);
                }
                return null;
            });
        }
    }
}
