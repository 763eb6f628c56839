package io.pangea.guard.xdp.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends real packets from inside the peer namespace ({@code ip netns exec <ns> java … PacketSender}), one
 * command a line on stdin, one answer a line on stdout:
 * <pre>
 * udp SOURCE DESTINATION PORT COUNT      → sent COUNT
 * tcp SOURCE DESTINATION PORT TIMEOUT_MS → connected | failed REASON
 * quit
 * </pre>
 * It ends by itself when its stdin closes, so a killed test leaves no sender behind.
 */
public final class PacketSender {
    private PacketSender() {
    }

    public static void main(String[] arguments) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("ready");
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            try {
                switch (words[0]) {
                    case "udp" -> out.println("sent " + udp(InetAddress.getByName(words[1]),
                            InetAddress.getByName(words[2]), Integer.parseInt(words[3]), Integer.parseInt(words[4])));
                    case "tcp" -> out.println(tcp(InetAddress.getByName(words[1]), InetAddress.getByName(words[2]),
                            Integer.parseInt(words[3]), Integer.parseInt(words[4])));
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("error unknown command " + words[0]);
                }
            } catch (Exception e) {
                out.println("error " + e);
            }
        }
    }

    private static int udp(InetAddress source, InetAddress destination, int port, int count) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
            for (int i = 0; i < count; i++) {
                byte[] payload = ("pangea " + i).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(payload, payload.length, destination, port));
            }
        }
        return count;
    }

    private static String tcp(InetAddress source, InetAddress destination, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(destination, port), timeoutMillis);
            socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            return "connected";
        } catch (Exception e) {
            return "failed " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
