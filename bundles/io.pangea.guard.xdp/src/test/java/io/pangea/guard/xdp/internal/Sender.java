package io.pangea.guard.xdp.internal;

import io.pangea.bpf.testing.VethPair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The test's end of a {@link PacketSender} running in the peer namespace; every answer is awaited with a bound. */
final class Sender implements AutoCloseable {
    private static final long ANSWER_SECONDS = 30;
    private final Process process;
    private final BufferedReader answers;
    private final PrintStream commands;

    private Sender(Process process) {
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static Sender startIn(VethPair veth) throws IOException, URISyntaxException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(PacketSender.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> command = new ArrayList<>(veth.inPeer(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", classes, PacketSender.class.getName()));
        Sender sender = new Sender(new ProcessBuilder(command).redirectErrorStream(true).start());
        String first = sender.answer();
        if (!first.equals("ready")) {
            sender.close();
            throw new IllegalStateException("the packet sender did not start: " + first);
        }
        return sender;
    }

    /** Sends {@code count} UDP datagrams and returns once they are all handed to the kernel. */
    void udp(String source, String destination, int port, int count) {
        expect("udp " + source + " " + destination + " " + port + " " + count, "sent " + count);
    }

    /** Connects over TCP: true when the connection was accepted within {@code timeoutMillis}. */
    boolean tcp(String source, String destination, int port, int timeoutMillis) {
        commands.println("tcp " + source + " " + destination + " " + port + " " + timeoutMillis);
        String answer = answer();
        if (!answer.equals("connected") && !answer.startsWith("failed")) {
            throw new IllegalStateException("packet sender: " + answer);
        }
        return answer.equals("connected");
    }

    private void expect(String command, String expected) {
        commands.println(command);
        String answer = answer();
        if (!answer.equals(expected)) {
            throw new IllegalStateException("packet sender, on '" + command + "': " + answer);
        }
    }

    private String answer() {
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    return "(could not read the sender: " + e + ")";
                }
            }).get(ANSWER_SECONDS, TimeUnit.SECONDS);
            return line == null ? "(the sender ended)" : line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        } catch (ExecutionException | TimeoutException e) {
            return "(no answer within " + ANSWER_SECONDS + " s)";
        }
    }

    @Override
    public void close() {
        commands.println("quit");
        commands.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
