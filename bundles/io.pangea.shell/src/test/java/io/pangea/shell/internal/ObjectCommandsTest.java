package io.pangea.shell.internal;

import io.pangea.api.objects.PutOptions;
import io.pangea.api.objects.ReadCapability;
import io.pangea.api.objects.VerifyReport;
import io.pangea.api.objects.VerifyReport.ShardFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectCommandsTest {
    @TempDir
    Path directory;
    final FakeObjectStore store = new FakeObjectStore();
    final Output out = new Output();
    final Output err = new Output();

    private ReadCapability put(String name, String content) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, content);
        PutCommand put = new PutCommand();
        put.store = store;
        put.file = file.toString();
        put.out = out.stream;
        put.err = err.stream;
        put.execute();
        return store.keyring.get(store.keyring.size() - 1).capability();
    }

    @Test
    void putPrintsTheReadCapabilityAndProgressApart() throws Exception {
        ReadCapability capability = put("a.txt", "hello");

        assertThat(out.lines()).containsExactly(capability.format());
        assertThat(err.lines()).singleElement().asString().startsWith("storing").contains("5 B / 5 B  100%");
        assertThat(store.lastOptions).isEqualTo(PutOptions.defaults());
    }

    @Test
    void putPassesTheOptions() throws Exception {
        Path file = Files.writeString(directory.resolve("b"), "b");
        PutCommand put = new PutCommand();
        put.store = store;
        put.file = file.toString();
        put.name = "renamed";
        put.dataShards = 6;
        put.parityShards = 3;
        put.level = 19;
        put.quiet = true;
        put.out = out.stream;
        put.err = err.stream;
        put.execute();

        assertThat(store.lastOptions).isEqualTo(new PutOptions("renamed", 6, 3, 19));
        assertThat(err.text()).isEmpty();
    }

    @Test
    void aMissingServiceIsNamed() {
        PutCommand put = new PutCommand();
        put.file = "x";
        assertThatThrownBy(put::execute).isInstanceOf(IllegalStateException.class)
                .hasMessage("no object store is running (is bundle io.pangea.objects started?)");
    }

    @Test
    void getByFileIdPrefixWritesTheFile() throws Exception {
        ReadCapability capability = put("c.txt", "content of c");
        GetCommand get = new GetCommand();
        get.store = store;
        get.file = capability.fileIdHex().substring(0, 8);
        get.output = directory.resolve("c.out").toString();
        get.force = true;
        get.out = out.stream;
        get.err = err.stream;
        get.execute();

        assertThat(directory.resolve("c.out")).hasContent("content of c");
        assertThat(out.lines()).contains("wrote " + directory.resolve("c.out") + " (12 B)");
        assertThat(store.lastReplace).isTrue();
    }

    @Test
    void getByCapability() throws Exception {
        ReadCapability capability = put("d.txt", "d");
        GetCommand get = new GetCommand();
        get.store = store;
        get.file = capability.format();
        get.output = directory.toString();
        get.out = out.stream;
        get.err = err.stream;
        get.execute();
        assertThat(directory.resolve("d.txt")).hasContent("d");
    }

    @Test
    void lsListsTheKeyring() throws Exception {
        LsCommand ls = new LsCommand();
        ls.store = store;
        ls.out = out.stream;
        ls.execute();
        assertThat(out.lines()).contains("the keyring is empty: pangea:put <file> stores a file");

        ReadCapability capability = put("e.txt", "x".repeat(3000));
        Output listing = new Output();
        ls.out = listing.stream;
        ls.execute();
        assertThat(listing.rows()).containsExactly(
                List.of("File id", "Name", "Size", "Stored"),
                List.of(capability.fileIdHex().substring(0, 16), "e.txt", "2.9 KiB", "2026-03-04 05:06:07 UTC"));

        Output keys = new Output();
        ls.out = keys.stream;
        ls.capabilities = true;
        ls.execute();
        assertThat(keys.rows().get(1).get(0)).isEqualTo(capability.format());
    }

    @Test
    void verifySaysWhatItFound() throws Exception {
        ReadCapability capability = put("f.txt", "f");
        VerifyCommand verify = new VerifyCommand();
        Output healthy = new Output();
        verify.store = store;
        verify.file = capability.fileIdHex();
        verify.out = healthy.stream;
        verify.err = err.stream;

        store.nextReport = new VerifyReport(capability.fileIdHex(), "f.txt", 1, 1, 14, List.of(), List.of());
        verify.execute();
        assertThat(healthy.lines()).containsExactly("file " + capability.fileIdHex()
                + " (f.txt, 1 B): 1 segments, 14 shards checked, all intact");

        Output repaired = new Output();
        verify.out = repaired.stream;
        verify.repair = true;
        store.nextReport = new VerifyReport(capability.fileIdHex(), "f.txt", 1, 1, 14,
                List.of(new ShardFault(0, 3, "payload hash mismatch (corrupted)", true, true)), List.of());
        verify.execute();
        assertThat(store.lastRepair).isTrue();
        assertThat(repaired.rows()).containsExactly(List.of("Segment", "Shard", "Problem", "Rebuilt", "Rewritten"),
                List.of("0", "3", "payload hash mismatch (corrupted)", "yes", "yes"));
        assertThat(repaired.lines().get(repaired.lines().size() - 1))
                .endsWith("1 bad, every segment can be rebuilt; 1 rewritten");

        verify.out = new Output().stream;
        store.nextReport = new VerifyReport(capability.fileIdHex(), "f.txt", 1, 1, 14,
                List.of(new ShardFault(0, 1, "missing", false, false)), List.of(0L));
        assertThatThrownBy(verify::execute).isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("1 bad; cannot be rebuilt: segment 0 kept fewer than K intact shards");
    }

    @Test
    void fileIdCompletion() throws Exception {
        ReadCapability capability = put("g", "g");
        FileIdCompleter completer = new FileIdCompleter();
        completer.store = store;
        List<String> candidates = new java.util.ArrayList<>();
        completer.complete(null, new CompletersTest.Line("pangea:get", capability.fileIdHex().substring(0, 4)),
                candidates);
        assertThat(candidates.stream().map(String::trim)).containsExactly(capability.fileIdHex());
    }
}
