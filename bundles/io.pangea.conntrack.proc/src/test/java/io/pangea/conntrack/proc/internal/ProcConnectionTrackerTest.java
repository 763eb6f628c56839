package io.pangea.conntrack.proc.internal;

import io.pangea.api.conntrack.TrackedConnection;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcConnectionTrackerTest {

    private static boolean matches(TrackedConnection c, int a, int b) {
        return c.protocol().equals("tcp") && c.local().getAddress().isLoopbackAddress()
                && c.remote().getAddress().isLoopbackAddress()
                && c.local().getPort() == a && c.remote().getPort() == b;
    }

    @Test
    void listsAndWatchesARealLoopbackConnection() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net");
        ProcConnectionTracker tracker = new ProcConnectionTracker(Path.of("/proc/net"), 50, Clock.systemUTC());
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        LinkedBlockingQueue<TrackedConnection> seen = new LinkedBlockingQueue<>();
        try (ServerSocket server = new ServerSocket(0, 50, loopback);
             AutoCloseable watch = tracker.watch(seen::add);
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(loopback, server.getLocalPort()), 5000);
            try (Socket accepted = server.accept()) {
                int serverPort = server.getLocalPort();
                int clientPort = client.getLocalPort();

                List<TrackedConnection> connections = tracker.connections();
                TrackedConnection clientSide = connections.stream()
                        .filter(c -> matches(c, clientPort, serverPort)).findFirst().orElseThrow();
                TrackedConnection serverSide = connections.stream()
                        .filter(c -> matches(c, serverPort, clientPort)).findFirst().orElseThrow();
                assertThat(clientSide.id()).isEqualTo(serverSide.id());
                assertThat(clientSide.packets()).isEqualTo(-1);
                assertThat(clientSide.bytes()).isEqualTo(-1);
                assertThat(clientSide.firstSeen()).isBeforeOrEqualTo(clientSide.lastSeen());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                TrackedConnection reported = null;
                while (reported == null && System.nanoTime() < deadline) {
                    TrackedConnection c = seen.poll(100, TimeUnit.MILLISECONDS);
                    if (c != null && (matches(c, clientPort, serverPort) || matches(c, serverPort, clientPort))) {
                        reported = c;
                    }
                }
                assertThat(reported).as("watch() reports the connection within 5 s").isNotNull();
                assertThat(reported.id()).isEqualTo(clientSide.id());
                assertThat(tracker.connections()).filteredOn(c -> c.id() == clientSide.id())
                        .allSatisfy(c -> assertThat(c.firstSeen()).isEqualTo(clientSide.firstSeen()));
            }
        } finally {
            tracker.stop();
        }
    }

    @Test
    void closingTheLastWatchStopsThePoller() throws Exception {
        ProcConnectionTracker tracker = new ProcConnectionTracker(Path.of("/nonexistent"), 10, Clock.systemUTC());
        assertThat(tracker.connections()).isEmpty();
        AutoCloseable first = tracker.watch(c -> { });
        AutoCloseable second = tracker.watch(c -> { });
        assertThat(tracker.polling()).isTrue();
        first.close();
        assertThat(tracker.polling()).as("one watch is still open").isTrue();
        second.close();
        second.close();
        assertThat(tracker.polling()).isFalse();
    }
}
