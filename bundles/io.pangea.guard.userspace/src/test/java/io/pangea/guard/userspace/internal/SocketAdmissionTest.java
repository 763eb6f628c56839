package io.pangea.guard.userspace.internal;

import io.pangea.api.testing.Rules;

import io.pangea.api.guard.GuardCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard as a transport uses it, on real loopback sockets: the accept loop asks admits() before it reads
 * anything and closes a refused connection at once. Loopback addresses only: 127.0.0.2 is denied, 127.0.0.3
 * is not.
 */
class SocketAdmissionTest {
    private final UserspaceGuard guard = new UserspaceGuard(1024, true, System::nanoTime);
    private final AtomicInteger refusedUnread = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptLoop;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        guard.apply(Rules.denyList(server.getLocalPort()).deny("127.0.0.2").build());
        acceptLoop = new Thread(this::acceptLoop, "guarded accept loop");
        acceptLoop.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket peer = server.accept()) {
                if (!guard.admits((java.net.InetSocketAddress) peer.getRemoteSocketAddress(), peer.getLocalPort())) {
                    refusedUnread.incrementAndGet();
                    peer.setSoLinger(true, 0);
                    continue; // closed by try-with-resources, the input stream untouched
                }
                answered.incrementAndGet();
                int request = peer.getInputStream().read();
                peer.getOutputStream().write(("welcome " + (char) request).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the server closed, or a peer went away
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        acceptLoop.join(5_000);
    }

    @Test
    void deniedSourceIsClosedWithoutAByteReadAllowedOneIsAnswered() throws IOException {
        assertThat(exchange("127.0.0.3")).isEqualTo("welcome x");
        assertThat(exchange("127.0.0.2")).as("refused").isNull();
        assertThat(exchange("127.0.0.3")).isEqualTo("welcome x");
        assertThat(guard.counters()).isEqualTo(new GuardCounters(2, 1, 0, 0));
        assertThat(refusedUnread).as("closed before the input stream was touched").hasValue(1);
        assertThat(answered).hasValue(2);
    }

    /** What the server answered a client bound to {@code from}; null when it closed the connection. */
    private String exchange(String from) throws IOException {
        try (Socket client = new Socket()) {
            client.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            client.connect(server.getLocalSocketAddress(), 5_000);
            client.setSoTimeout(5_000);
            client.getOutputStream().write('x');
            InputStream in = client.getInputStream();
            byte[] answer = in.readAllBytes();
            return answer.length == 0 ? null : new String(answer, StandardCharsets.US_ASCII);
        } catch (SocketException reset) {
            return null;
        }
    }
}
