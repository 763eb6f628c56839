package io.pangea.probe.internal;

import io.pangea.api.facts.Fact;
import io.pangea.api.facts.FactNames;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Whether UDP works here, by trying it: a datagram channel on 127.0.0.1 sends a random token to itself and
 * must receive it back within the timeout. A sandbox that forbids UDP sockets fails at open or bind.
 */
final class LoopbackUdpCheck implements Supplier<Fact> {
    private static final int TOKEN_LENGTH = 16;

    private final Duration timeout;

    LoopbackUdpCheck(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Fact get() {
        long start = System.nanoTime();
        String channel = "DatagramChannel on 127.0.0.1";
        try (DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            udp.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0));
            InetSocketAddress self = (InetSocketAddress) udp.getLocalAddress();
            channel = "DatagramChannel on 127.0.0.1:" + self.getPort();
            udp.configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ);

            byte[] token = new byte[TOKEN_LENGTH];
            new SecureRandom().nextBytes(token);
            int sent = udp.send(ByteBuffer.wrap(token), self);
            if (sent != token.length) {
                return Fact.of(FactNames.UDP, false, channel + ": send to itself took " + sent + " of "
                        + token.length + " bytes");
            }
            ByteBuffer received = ByteBuffer.allocate(TOKEN_LENGTH * 4);
            long deadline = start + timeout.toNanos();
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                received.clear();
                if (udp.receive(received) != null) {
                    received.flip();
                    byte[] payload = new byte[received.remaining()];
                    received.get(payload);
                    if (Arrays.equals(payload, token)) {
                        long micros = (System.nanoTime() - start) / 1_000;
                        return Fact.of(FactNames.UDP, true, channel + ": sent " + token.length
                                + " bytes to itself and received them back in " + micros + " µs");
                    }
                    // A stray datagram to our ephemeral port: keep waiting for ours.
                }
            }
            return Fact.of(FactNames.UDP, false, channel + ": sent " + token.length
                    + " bytes to itself, nothing came back within " + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            return Fact.of(FactNames.UDP, false, channel + " failed: " + Sources.describe(e));
        }
    }
}
