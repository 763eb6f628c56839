package io.pangea.guard.xdp.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what arrives at one address and port of the node, UDP datagrams and TCP connections, by source. */
final class Receiver implements AutoCloseable {
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<String, AtomicInteger> datagrams = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    private final Thread udpThread;
    private final Thread tcpThread;
    private volatile boolean open = true;

    Receiver(String address, int port) throws IOException {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(address), port);
        udp = new DatagramSocket(local);
        udp.setSoTimeout(100);
        tcp = new ServerSocket();
        tcp.setReuseAddress(true);
        tcp.bind(local);
        tcp.setSoTimeout(100);
        udpThread = new Thread(this::receiveDatagrams, "receiver udp " + local);
        tcpThread = new Thread(this::acceptConnections, "receiver tcp " + local);
        udpThread.setDaemon(true);
        tcpThread.setDaemon(true);
        udpThread.start();
        tcpThread.start();
    }

    private void receiveDatagrams() {
        byte[] buffer = new byte[2048];
        while (open) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                datagrams.computeIfAbsent(packet.getAddress().getHostAddress(), a -> new AtomicInteger())
                        .incrementAndGet();
            } catch (SocketTimeoutException e) {
                // look at open again
            } catch (IOException e) {
                return;
            }
        }
    }

    private void acceptConnections() {
        while (open) {
            try (Socket socket = tcp.accept()) {
                connections.computeIfAbsent(socket.getInetAddress().getHostAddress(), a -> new AtomicInteger())
                        .incrementAndGet();
            } catch (SocketTimeoutException e) {
                // look at open again
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Datagrams received from {@code source} (as {@link InetAddress#getHostAddress()} writes it). */
    int datagramsFrom(String source) {
        AtomicInteger count = datagrams.get(hostAddress(source));
        return count == null ? 0 : count.get();
    }

    int connectionsFrom(String source) {
        AtomicInteger count = connections.get(hostAddress(source));
        return count == null ? 0 : count.get();
    }

    /** Waits at most 5 s until {@code expected} datagrams from {@code source} arrived: the count then. */
    int awaitDatagrams(String source, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (datagramsFrom(source) < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return datagramsFrom(source);
    }

    void reset() {
        datagrams.clear();
        connections.clear();
    }

    private static String hostAddress(String literal) {
        return Frames.address(literal).getHostAddress();
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        udpThread.join(2000);
        tcpThread.join(2000);
    }
}
