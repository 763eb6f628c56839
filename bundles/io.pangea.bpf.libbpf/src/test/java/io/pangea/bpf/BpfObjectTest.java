package io.pangea.bpf;

import io.pangea.bpf.testing.KernelTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

import static io.pangea.bpf.TestObjects.XDP_DROP;
import static io.pangea.bpf.TestObjects.XDP_PASS;
import static io.pangea.bpf.TestObjects.frame;
import static io.pangea.bpf.TestObjects.prefix;
import static io.pangea.bpf.TestObjects.u32;
import static io.pangea.bpf.TestObjects.u64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Objects, read-only data, maps and test runs against the real kernel (loading needs root). */
class BpfObjectTest {
    private BpfObject object;

    @BeforeEach
    void open() {
        KernelTests.assume();
        object = TestObjects.open();
    }

    @AfterEach
    void close() {
        if (object != null) {
            object.close();
        }
    }

    @Test
    void listsWhatTheObjectHolds() {
        assertThat(object.name()).isEqualTo("binding_test");
        assertThat(object.programNames()).containsExactly("count_packets", "count_tc", "count_established");
        assertThat(object.mapNames()).contains("test_hash", "test_packets", "test_prefixes", "test_seen");
        assertThat(object.program("count_packets").section()).isEqualTo("xdp");
        BpfMap hash = object.map("test_hash");
        assertThat(hash.type()).isEqualTo(BpfMapType.HASH);
        assertThat(hash.keySize()).isEqualTo(4);
        assertThat(hash.valueSize()).isEqualTo(8);
        assertThat(hash.maxEntries()).isEqualTo(16);
        assertThat(object.map("test_packets").type().perCpu()).isTrue();
        assertThat(object.map("test_prefixes").type()).isEqualTo(BpfMapType.LPM_TRIE);
        assertThat(object.loaded()).isFalse();
    }

    @Test
    void namesWhatIsThereWhenAskedForWhatIsNot() {
        assertThatThrownBy(() -> object.map("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("test_hash");
        assertThatThrownBy(() -> object.program("nope")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("count_packets");
    }

    @Test
    void refusesWhatIsNotAnElfObject() {
        assertThatThrownBy(() -> Bpf.open("garbage", new byte[]{1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(BpfException.class)
                .hasMessageStartingWith("could not open bpf object 'garbage': ")
                .satisfies(e -> assertThat(((BpfException) e).errno()).isPositive());
    }

    @Test
    void setsReadOnlyDataBeforeLoad() {
        object.setReadOnlyInt("answer", 42);
        object.setReadOnlyLong("stamp", 7L);
        assertThatThrownBy(() -> object.setReadOnlyInt("no_such_variable", 1)).isInstanceOf(BpfException.class)
                .hasMessageContaining("no read-only variable 'no_such_variable'");
        assertThatThrownBy(() -> object.setReadOnly("answer", new byte[8]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be 4 bytes");
        object.load();

        assertThat(object.program("count_packets").testRun(frame())).isEqualTo(XDP_PASS);
        long seen = u64(object.map("test_seen").lookup(u32(0)).orElseThrow());
        assertThat(seen >>> 32).isEqualTo(42);
        assertThat(seen & 0xffffffffL).isEqualTo(60);
        assertThatThrownBy(() -> object.setReadOnlyInt("answer", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frozen");
    }

    @Test
    void readOnlyDataChangesTheVerdict() {
        object.setReadOnlyInt("answer", 13);
        object.load();
        assertThat(object.program("count_packets").testRun(frame())).isEqualTo(XDP_DROP);
    }

    @Test
    void hashMapEntries() {
        object.load();
        BpfMap hash = object.map("test_hash");
        assertThat(hash.lookup(u32(1))).isEmpty();
        hash.update(u32(1), u64(100));
        hash.update(u32(2), u64(200), UpdateMode.CREATE);
        assertThat(hash.lookup(u32(1)).map(TestObjects::u64)).contains(100L);
        hash.update(u32(1), u64(101), UpdateMode.REPLACE);
        assertThat(hash.lookup(u32(1)).map(TestObjects::u64)).contains(101L);
        assertThatThrownBy(() -> hash.update(u32(2), u64(0), UpdateMode.CREATE)).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(17))
                .hasMessageContaining("File exists");
        assertThatThrownBy(() -> hash.update(u32(3), u64(0), UpdateMode.REPLACE)).isInstanceOf(BpfException.class)
                .satisfies(e -> assertThat(((BpfException) e).errno()).isEqualTo(2));
        assertThat(hash.keys().stream().map(TestObjects::u32).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2);
        assertThat(hash.nextKey(null)).isPresent();
        assertThat(hash.delete(u32(1))).isTrue();
        assertThat(hash.delete(u32(1))).isFalse();
        assertThat(hash.keys().stream().map(TestObjects::u32).toList()).containsExactly(2);
        assertThatThrownBy(() -> hash.lookup(new byte[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key must be 4 bytes");
        assertThatThrownBy(() -> hash.update(u32(1), new byte[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value must be 8 bytes");
    }

    @Test
    void fillsUpWithAClearError() {
        object.load();
        BpfMap hash = object.map("test_hash");
        for (int key = 0; key < 16; key++) {
            hash.update(u32(key), u64(key));
        }
        assertThatThrownBy(() -> hash.update(u32(99), u64(99))).isInstanceOf(BpfException.class)
                .hasMessageContaining("the map is full");
    }

    @Test
    void perCpuValuesReadAndWrittenPerCpu() {
        object.load();
        BpfMap packets = object.map("test_packets");
        int cpus = Bpf.possibleCpus();
        assertThat(cpus).isPositive();
        List<byte[]> values = new java.util.ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            values.add(u64(cpu + 1));
        }
        packets.updatePerCpu(u32(1), values, UpdateMode.ANY);
        List<byte[]> read = packets.lookupPerCpu(u32(1)).orElseThrow();
        assertThat(read).hasSize(cpus);
        assertThat(read.stream().mapToLong(TestObjects::u64).sum()).isEqualTo((long) cpus * (cpus + 1) / 2);
        assertThatThrownBy(() -> packets.lookup(u32(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("per-CPU");
    }

    @Test
    void testRunsAreCountedPerCpu() {
        object.load();
        BpfProgram program = object.program("count_packets");
        for (int i = 0; i < 5; i++) {
            assertThat(program.testRun(frame())).isEqualTo(XDP_PASS);
        }
        long total = object.map("test_packets").lookupPerCpu(u32(0)).orElseThrow().stream()
                .mapToLong(TestObjects::u64).sum();
        assertThat(total).isEqualTo(5);
    }

    @Test
    void longestPrefixMatch() {
        object.load();
        BpfMap prefixes = object.map("test_prefixes");
        prefixes.update(prefix(24, 198, 51, 100, 0), u32(24));
        prefixes.update(prefix(25, 198, 51, 100, 128), u32(25));
        assertThat(prefixes.lookup(prefix(32, 198, 51, 100, 200)).map(TestObjects::u32)).contains(25);
        assertThat(prefixes.lookup(prefix(32, 198, 51, 100, 7)).map(TestObjects::u32)).contains(24);
        assertThat(prefixes.lookup(prefix(32, 192, 0, 2, 1))).isEmpty();
        assertThat(prefixes.keys()).hasSize(2);
        assertThat(prefixes.delete(prefix(25, 198, 51, 100, 128))).isTrue();
        assertThat(prefixes.lookup(prefix(32, 198, 51, 100, 200)).map(TestObjects::u32)).contains(24);
    }

    @Test
    void mapsAreSizedBeforeLoadOnly() {
        BpfMap hash = object.map("test_hash");
        hash.setMaxEntries(64);
        assertThat(hash.maxEntries()).isEqualTo(64);
        object.load();
        assertThat(hash.maxEntries()).isEqualTo(64);
        for (int key = 0; key < 64; key++) {
            hash.update(u32(key), u64(key));
        }
        assertThatThrownBy(() -> hash.setMaxEntries(8)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void entriesNeedALoadedObject() {
        assertThatThrownBy(() -> object.map("test_hash").lookup(u32(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not loaded");
        object.load();
        assertThatThrownBy(object::load).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already loaded");
    }

    @Test
    void nothingWorksAfterClose() {
        object.load();
        BpfMap hash = object.map("test_hash");
        BpfProgram program = object.program("count_packets");
        object.close();
        object.close();
        assertThat(object.loaded()).isFalse();
        assertThatThrownBy(() -> hash.lookup(u32(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> program.testRun(frame())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> object.map("test_hash")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reportsLibbpfVersion() {
        assertThat(Bpf.libbpfVersion()).startsWith("v1.");
    }
}
