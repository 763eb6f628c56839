package io.pangea.bpf;

import io.pangea.bpf.testing.Commands;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Attaching through links on a veth pair, in both modes, and what the kernel and ip(8) then report. The node end
 * is in a namespace of the test's own, entered to attach and to ask: no interface of the JVM's is touched.
 */
class XdpAttachTest {
    private static VethPair veth;

    @BeforeAll
    static void createPair() {
        KernelTests.assume();
        veth = VethPair.isolated();
    }

    @AfterAll
    static void deletePair() {
        if (veth != null) {
            veth.close();
        }
    }

    private static BpfObject loaded() {
        BpfObject object = TestObjects.open();
        object.load();
        return object;
    }

    @ParameterizedTest
    @EnumSource(XdpMode.class)
    void attachesInTheModeAskedForAndDetachesOnClose(XdpMode mode) throws Exception {
        int ifindex = veth.nodeIndex();
        veth.inNode(() -> {
            try (BpfObject object = loaded()) {
                XdpLink link = object.program("count_packets").attachXdp(ifindex, mode);
                assertThat(link.ifindex()).isEqualTo(ifindex);
                assertThat(link.mode()).isEqualTo(mode);
                XdpAttachment attachment = Bpf.xdpAttachment(ifindex).orElseThrow();
                assertThat(attachment.mode()).isEqualTo(mode);
                assertThat(attachment.programId()).isPositive();
                String details = veth.nodeDetails();
                assertThat(details).contains(mode == XdpMode.GENERIC ? "xdpgeneric" : "xdp")
                        .contains("id " + attachment.programId());
                if (mode == XdpMode.NATIVE) {
                    assertThat(details).doesNotContain("xdpgeneric");
                }
                assertThat(Commands.check(veth.inNodeNamespace("bpftool", "net", "show", "dev", veth.node())))
                        .contains((mode == XdpMode.GENERIC ? "generic" : "driver") + " id " + attachment.programId());

                link.close();
                link.close();
                assertThat(link.closed()).isTrue();
                assertThat(Bpf.xdpAttachment(ifindex)).isEmpty();
                assertThat(veth.nodeDetails()).doesNotContain("prog/xdp");
            }
            return null;
        });
    }

    @Test
    void closingTheObjectDetachesItsLinks() throws Exception {
        int ifindex = veth.nodeIndex();
        veth.inNode(() -> {
            BpfObject object = loaded();
            XdpLink link = object.program("count_packets").attachXdp(ifindex, XdpMode.GENERIC);
            assertThat(Bpf.xdpAttachment(ifindex)).isPresent();
            object.close();
            assertThat(link.closed()).isTrue();
            assertThat(Bpf.xdpAttachment(ifindex)).isEmpty();
            return null;
        });
    }

    @Test
    void aSecondProgramCannotTakeAnOccupiedInterface() throws Exception {
        int ifindex = veth.nodeIndex();
        veth.inNode(() -> {
            try (BpfObject first = loaded(); BpfObject second = loaded()) {
                first.program("count_packets").attachXdp(ifindex, XdpMode.GENERIC);
                assertThatThrownBy(() -> second.program("count_packets").attachXdp(ifindex, XdpMode.GENERIC))
                        .isInstanceOf(BpfException.class)
                        .hasMessageContaining("could not attach XDP program 'count_packets' to interface " + ifindex)
                        .satisfies(e -> assertThat(((BpfException) e).errno()).isIn(16, 17));
            }
            assertThat(Bpf.xdpAttachment(ifindex)).isEmpty();
            return null;
        });
    }

    @Test
    void aMissingInterfaceIsNamed() {
        try (BpfObject object = loaded()) {
            assertThatThrownBy(() -> object.program("count_packets").attachXdp(999_999, XdpMode.GENERIC))
                    .isInstanceOf(BpfException.class)
                    .hasMessageContaining("interface 999999 (no such interface)");
        }
    }

    @Test
    void attachingNeedsALoadedObject() {
        try (BpfObject object = TestObjects.open()) {
            assertThatThrownBy(() -> object.program("count_packets").attachXdp(veth.nodeIndex(), XdpMode.GENERIC))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("not loaded");
        }
    }
}
