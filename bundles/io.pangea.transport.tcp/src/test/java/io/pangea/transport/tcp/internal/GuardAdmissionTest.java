package io.pangea.transport.tcp.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard judges a connection on accept, before any of the peer's bytes is decoded: a refused peer is closed
 * unanswered, an admitted one gets the libp2p handshake. Real sockets on loopback; the peers differ by the
 * loopback address they connect from.
 */
class GuardAdmissionTest {
    private static final byte[] HEADER = "/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
    private TestHosts.Node node;

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aRefusedPeerIsClosedUnansweredAndAnAdmittedOneIsAnswered() throws Exception {
        node = TestHosts.start("guarded");
        List<InetSocketAddress> judged = new CopyOnWriteArrayList<>();
        InetAddress refused = InetAddress.getByName("127.0.0.2");
        node.host().admitWith((remote, localPort) -> {
            judged.add(remote);
            return !remote.getAddress().equals(refused);
        });
        int port = node.address().socketAddress().orElseThrow().getPort();

        assertThat(exchangeHeader(refused, port)).as("the refused peer's answer").isEmpty();
        assertThat(exchangeHeader(InetAddress.getByName("127.0.0.3"), port)).isEqualTo(HEADER);
        assertThat(judged).extracting(InetSocketAddress::getAddress)
                .containsExactly(refused, InetAddress.getByName("127.0.0.3"));
    }

    /** Connects from {@code from}, sends multistream-select's header, and returns what came back before EOF or the header's length. */
    private static byte[] exchangeHeader(InetAddress from, int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            try {
                out.write(HEADER.length);
                out.write(HEADER);
                out.flush();
                byte[] length = in.readNBytes(1);
                if (length.length == 0) {
                    return new byte[0];
                }
                return in.readNBytes(length[0]);
            } catch (SocketException reset) {
                return new byte[0]; // closed by the host before or while we wrote: nothing was answered
            }
        }
    }
}
