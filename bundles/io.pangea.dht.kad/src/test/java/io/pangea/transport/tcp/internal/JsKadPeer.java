package io.pangea.transport.tcp.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Public test access to the transport module's {@link JsLibp2pPeer} (from its test-jar): the js-libp2p peer of
 * {@code io.pangea.transport.tcp/src/test/js}, which also runs {@code @libp2p/kad-dht} in server mode.
 */
public final class JsKadPeer implements AutoCloseable {
    private static final Path SOURCES = Path.of("../io.pangea.transport.tcp/src/test/js");

    private final JsLibp2pPeer peer;
    private final String peerId;
    private final String address;

    private JsKadPeer(JsLibp2pPeer peer, String peerId, String address) {
        this.peer = peer;
        this.peerId = peerId;
        this.address = address;
    }

    /** Installs (npm ci into target/js-peer when the lock file changed), starts it and waits for its address. */
    public static JsKadPeer start() throws Exception {
        if (!java.nio.file.Files.isRegularFile(SOURCES.resolve("peer.mjs"))) {
            throw new AssertionError("the js-libp2p peer sources are not at " + SOURCES.toAbsolutePath()
                    + " (the test runs from the io.pangea.dht.kad module directory)");
        }
        JsLibp2pPeer peer = JsLibp2pPeer.start(SOURCES, Path.of("target/js-peer"));
        try {
            String listening = peer.await(Duration.ofSeconds(60), JsLibp2pPeer.event("listening"),
                    "its listen address");
            return new JsKadPeer(peer, JsLibp2pPeer.field(listening, "peerId"),
                    JsLibp2pPeer.list(listening, "addrs").get(0));
        } catch (Throwable t) {
            peer.close();
            throw t;
        }
    }

    public String peerId() {
        return peerId;
    }

    /** Its first listen address, with {@code /p2p/<id>}. */
    public String address() {
        return address;
    }

    /** Sends one JSON command and waits (bounded) for the event it answers with; an error event fails. */
    public String call(String json, String event, Duration timeout) throws IOException, InterruptedException {
        peer.send(json);
        return peer.await(timeout, JsLibp2pPeer.event(event), "'" + event + "' in answer to " + json);
    }

    public static String field(String line, String name) {
        return JsLibp2pPeer.field(line, name);
    }

    public static List<String> list(String line, String name) {
        return JsLibp2pPeer.list(line, name);
    }

    @Override
    public void close() throws InterruptedException {
        peer.close();
    }
}
