package io.pangea.transport.quic.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.api.transport.Transport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pangea.transport.quic.internal.Nodes.await;

/**
 * One stream's throughput on loopback: Pangea over QUIC, Pangea over TCP (Noise and Yamux, the real TCP transport) and
 * plain TCP (java.nio) as the reference, in the same run. Each sends up to {@code quic.bench.mib} MiB or for at most
 * {@value #SECONDS} seconds, whichever comes first, and reports MB/s, the JVM's CPU time per byte, and the ratios to
 * plain TCP (the faster of a run before and one after the rest). QUIC runs in several configurations
 * ({@link #QUIC_VARIANTS}): the default (on loopback 65488-byte packets), BBR, 16376-byte packets four to a GSO send,
 * and Ethernet-sized 1452-byte packets with and without GSO; each also through Netty QUIC alone
 * ({@link RawQuicReference}), which tells Pangea's cost from the library's. The sender's packet count, average packet
 * size, losses, cwnd and RTT, and the sink's reads, are printed for each. Never fails on speed.
 * Run with {@code mvn -B -o test -Pbenchmark -pl bundles/io.pangea.transport.quic}.
 */
@Tag("benchmark")
class QuicThroughputBenchmarkTest {
    /** -Dquic.bench.mib=<n> sends more (for profiling). */
    static final long BYTES = Long.getLong("quic.bench.mib", 2048) << 20;
    static final int SECONDS = 20;
    static final int WRITE = 256 * 1024;
    static final String SINK = "/bench/sink/1.0.0";

    @TempDir
    Path data;

    /** Counts what arrives until the FIN, then answers with the count (8 bytes) and its own FIN. */
    static final ProtocolHandler COUNTING_SINK = (connection, stream) -> count(stream, 0);

    /** Reads the sinks served (each a hand-over from the event loop to the reader): bytes per read tell batching. */
    static final java.util.concurrent.atomic.LongAdder READS = new java.util.concurrent.atomic.LongAdder();

    private static void count(PeerStream stream, long seen) {
        stream.read().whenComplete((bytes, failure) -> {
            if (failure != null) {
                stream.close();
            } else if (!bytes.hasRemaining()) {
                stream.write(ByteBuffer.allocate(8).putLong(0, seen)).thenRun(stream::closeWrite);
            } else {
                READS.increment();
                count(stream, seen + bytes.remaining());
            }
        });
    }

    /** Sends through a negotiated sink stream; returns MB/s. */
    private static double pump(PeerConnection connection, String name) throws Exception {
        PeerStream stream = await(connection.openStream(SINK));
        ByteBuffer chunk = ByteBuffer.allocate(WRITE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        long start = System.nanoTime();
        long cpu = cpuNanos();
        long reads = READS.sum();
        long sent = 0;
        while (sent < BYTES && System.nanoTime() < deadline) {
            stream.write(chunk.duplicate()).toCompletableFuture().get(30, TimeUnit.SECONDS);
            sent += WRITE;
        }
        stream.closeWrite();
        ByteBuffer answer = ByteBuffer.allocate(8);
        while (answer.hasRemaining()) {
            ByteBuffer bytes = stream.read().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (!bytes.hasRemaining()) {
                break;
            }
            answer.put(bytes);
        }
        long elapsed = System.nanoTime() - start;
        long received = answer.getLong(0);
        if (received != sent) {
            throw new AssertionError(name + ": sent " + sent + " bytes, the sink counted " + received);
        }
        double rate = mbPerSecond(sent, elapsed);
        System.out.printf("  %s: %d MiB in %.1f s = %.1f MB/s, CPU %.2f ns/B%n", name, sent >> 20, elapsed / 1e9,
                rate, (cpuNanos() - cpu) / (double) sent);
        System.out.printf("    the sink read %d times, %d KiB per read on average%n", READS.sum() - reads,
                (sent >> 10) / Math.max(1, READS.sum() - reads));
        return rate;
    }

    /** CPU time of the whole JVM (both ends of every transfer run here): cost per byte, steadier than speed. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double mbPerSecond(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }

    /** The QUIC configurations compared, each against plain TCP in the same run. */
    static final Map<String, QuicSettings> QUIC_VARIANTS = variants();

    private static Map<String, QuicSettings> variants() {
        QuicSettings base = QuicSettings.defaults();
        QuicSettings ethernet = base.withLoopbackUdpPayload(QuicSettings.UDP_PAYLOAD);
        Map<String, QuicSettings> variants = new java.util.LinkedHashMap<>();
        variants.put("default: loopback 65488 B packets", base);
        variants.put("default, bbr", base.withCongestionControl("bbr"));
        variants.put("16376 B packets, GSO 4", base.withLoopbackUdpPayload(16376).withGsoSegments(4));
        variants.put("Ethernet-sized 1452 B packets, GSO 16", ethernet);
        variants.put("Ethernet-sized 1452 B packets, no GSO", ethernet.withGsoSegments(1));
        return variants;
    }

    /** One QUIC configuration's result: through Pangea, and through Netty QUIC alone. */
    private record QuicResult(double pangea, double raw) {
    }

    @Test
    void oneStreamOnLoopback() throws Exception {
        double plain = plainTcp();
        Map<String, QuicResult> quic = new java.util.LinkedHashMap<>();
        // -Dquic.bench.only=<substring> runs only the matching QUIC variants (for profiling one of them).
        String only = System.getProperty("quic.bench.only", "");
        // The JIT compiles the QUIC paths during the first transfers: one of each, not counted, so that the first
        // variant is not measured cold.
        System.out.println("QUIC warm-up (not counted):");
        quic(QuicSettings.defaults());
        RawQuicReference.run(QuicSettings.defaults(), BYTES, WRITE, SECONDS);
        for (Map.Entry<String, QuicSettings> variant : QUIC_VARIANTS.entrySet()) {
            if (!variant.getKey().contains(only)) {
                continue;
            }
            System.out.println("QUIC, " + variant.getKey() + ":");
            double pangea = quic(variant.getValue());
            RawQuicReference.run(variant.getValue(), BYTES, WRITE, SECONDS); // warm-up
            RawQuicReference.Result raw = RawQuicReference.run(variant.getValue(), BYTES, WRITE, SECONDS);
            System.out.printf("  raw Netty QUIC: %d MiB = %.1f MB/s, CPU %.2f ns/B%n", raw.bytes() >> 20,
                    raw.mbPerSecond(), raw.cpuPerByte());
            quic.put(variant.getKey(), new QuicResult(pangea, raw.mbPerSecond()));
        }
        double tcp = libp2pTcp();
        double plainAfter = plainTcp();
        System.out.printf("%nthroughput of one stream on loopback (%d MiB or %d s each, %d cores):%n", BYTES >> 20,
                SECONDS, Runtime.getRuntime().availableProcessors());
        System.out.printf("  plain TCP (java.nio), first/last   %8.1f / %.1f MB/s%n", plain, plainAfter);
        double reference = Math.max(plain, plainAfter);
        for (Map.Entry<String, QuicResult> result : quic.entrySet()) {
            QuicResult r = result.getValue();
            System.out.printf("  QUIC, %-42s Pangea %7.1f MB/s /plain = %.3f | Netty QUIC alone %7.1f MB/s "
                            + "/plain = %.3f | Pangea/alone = %.2f%n", result.getKey(), r.pangea(),
                    r.pangea() / reference, r.raw(), r.raw() / reference, r.pangea() / r.raw());
        }
        System.out.printf("  Pangea TCP (Noise + Yamux)  %8.1f MB/s   /plain = %.3f%n", tcp, tcp / reference);
        System.out.printf("  best Pangea QUIC/TCP-libp2p = %.3f%n%n",
                quic.values().stream().mapToDouble(QuicResult::pangea).max().orElse(0) / tcp);
    }

    private double quic(QuicSettings settings) throws Exception {
        try (Nodes.Node a = Nodes.start("bench-a", settings); Nodes.Node b = Nodes.start("bench-b", settings)) {
            b.registry().register(SINK, COUNTING_SINK);
            QuicConnection connection = await(a.host().dial(b.dialable()));
            pump(connection, "warm-up QUIC"); // the first run also pays for JIT; measure the second
            io.netty.handler.codec.quic.QuicConnectionStats before = connection.channel().collectStats().get();
            double rate = pump(connection, "QUIC");
            io.netty.handler.codec.quic.QuicConnectionStats after = connection.channel().collectStats().get();
            io.netty.handler.codec.quic.QuicConnectionPathStats path = connection.channel().collectPathStats(0).get();
            long packets = after.sent() - before.sent();
            System.out.printf("    sender: %d packets of %d B on average, %d lost (%.2f %%); cwnd %d B, rtt %d us, "
                            + "path MTU %d B%n", packets, (after.sentBytes() - before.sentBytes()) / Math.max(1, packets),
                    after.lost() - before.lost(), 100.0 * (after.lost() - before.lost()) / Math.max(1, packets),
                    path.cwnd(), path.rtt() / 1000, path.pmtu());
            return rate;
        }
    }

    private double plainTcp() throws Exception {
        double rate = plainTcpOnce();
        System.out.printf("  plain TCP: %.1f MB/s%n", rate);
        return rate;
    }

    private double plainTcpOnce() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Long> counted = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel in = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE);
                    long total = 0;
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        total += n;
                        buffer.clear();
                    }
                    return total;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ByteBuffer chunk = ByteBuffer.allocateDirect(WRITE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
            long start = System.nanoTime();
            long cpu = cpuNanos();
            long sent = 0;
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress())) {
                while (sent < BYTES && System.nanoTime() < deadline) {
                    chunk.clear();
                    while (chunk.hasRemaining()) {
                        sent += out.write(chunk);
                    }
                }
            }
            long received = counted.get(60, TimeUnit.SECONDS);
            long elapsed = System.nanoTime() - start;
            if (received != sent) {
                throw new AssertionError("plain TCP: sent " + sent + ", received " + received);
            }
            System.out.printf("  plain TCP CPU %.2f ns/B%n", (cpuNanos() - cpu) / (double) sent);
            return mbPerSecond(sent, elapsed);
        }
    }

    /** The real TCP transport bundle's component, built as its own tests build it (its types are package-private). */
    private double libp2pTcp() throws Exception {
        Class<?> component = Class.forName("io.pangea.transport.tcp.internal.TcpTransportComponent");
        Class<?> configuration = Class.forName("io.pangea.transport.tcp.internal.TcpTransportConfiguration");
        Object server = newTcp(component, configuration, "tcp-server");
        Object client = newTcp(component, configuration, "tcp-client");
        Method deactivate = component.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        try {
            Method add = component.getDeclaredMethod("addProtocolHandler", ProtocolHandler.class, Map.class);
            add.setAccessible(true);
            add.invoke(server, COUNTING_SINK, Map.of(ProtocolHandler.PROTOCOL, SINK));
            PeerConnection connection = await(((Transport) client).dial(((Transport) server).listenAddresses().get(0)));
            pump(connection, "warm-up TCP");
            return pump(connection, "TCP");
        } finally {
            deactivate.invoke(client);
            deactivate.invoke(server);
        }
    }

    private Object newTcp(Class<?> component, Class<?> configuration, String name) throws Exception {
        Map<String, Object> values = Map.of("listenAddress", "/ip4/127.0.0.1/tcp/0",
                "identityFile", data.resolve(name).resolve("node.key").toString());
        Object config = Proxy.newProxyInstance(configuration.getClassLoader(), new Class<?>[] {configuration},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return configuration;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
        Logger quiet = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
        // The TCP component's constructors are its own business and change; fill whichever there is by type.
        Constructor<?> constructor = java.util.Arrays.stream(component.getDeclaredConstructors())
                .filter(c -> java.util.Arrays.asList(c.getParameterTypes()).contains(configuration))
                .min(java.util.Comparator.comparingInt(Constructor::getParameterCount)).orElseThrow();
        constructor.setAccessible(true);
        Object[] arguments = java.util.Arrays.stream(constructor.getParameterTypes()).map(type ->
                type == configuration ? config : type == Logger.class ? quiet : type == Map.class ? Map.of()
                        : type == boolean.class ? Boolean.TRUE
                        : type.isInterface() ? Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                        (proxy, method, args) -> null) : null).toArray();
        return constructor.newInstance(arguments);
    }
}
