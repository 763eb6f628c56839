package io.pangea.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.pangea.p2p.NodeIdentity;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty QUIC with nothing of Pangea on top: the same codec and socket settings as a {@link QuicHost}
 * ({@link QuicHost#configure}, {@link QuicHost#udp}), one stream written straight from a Netty handler as fast as
 * the stream's writability allows and counted by a Netty handler on the other side. No libp2p (no multistream, no
 * Identify, no guard), no futures, no copies into or out of the application. It is the benchmark's measure of what
 * the QUIC library itself does on this machine, so that Pangea's own cost is told apart from the library's.
 */
final class RawQuicReference {
    private RawQuicReference() {
    }

    /** What one run moved, how fast, and the JVM's CPU time per byte moved. */
    record Result(long bytes, double mbPerSecond, double cpuPerByte) {
    }

    /** Sends {@code bytes} (whole writes of {@code write} bytes) or for {@code seconds}. */
    static Result run(QuicSettings settings, long bytes, int write, int seconds) throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Libp2pCertificate certificate = Libp2pCertificate.create(NodeIdentity.generate(), new SecureRandom());
            QuicSslContext serverTls = QuicSslContextBuilder.forServer(certificate.key(), null,
                    certificate.certificate()).applicationProtocols(QuicHost.ALPN).build();
            QuicSslContext clientTls = QuicSslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).applicationProtocols(QuicHost.ALPN).build();
            CompletableFuture<Long> counted = new CompletableFuture<>();
            Channel server = QuicHost.udp(group, settings, epoll, QuicHost.configure(new QuicServerCodecBuilder(),
                            settings, true)
                    .sslContext(serverTls)
                    .tokenHandler(NoRetryTokens.INSTANCE)
                    .handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new Counter(counted))
                    .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                            QuicHost.segmentation(settings, epoll, true))
                    .build()).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = QuicHost.udp(group, settings, epoll, QuicHost.configure(new QuicClientCodecBuilder(),
                    settings, true).sslContext(clientTls).build()).bind(new InetSocketAddress("127.0.0.1", 0)).sync()
                    .channel();
            try {
                // Both ends on 127.0.0.1: loopback-sized packets, as a QuicHost uses there.
                QuicChannel connection = QuicChannel.newBootstrap(client)
                        .handler(new ChannelInboundHandlerAdapter())
                        .streamHandler(new ChannelInboundHandlerAdapter())
                        .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                                QuicHost.segmentation(settings, epoll, true))
                        .remoteAddress(server.localAddress()).connect().get(10, TimeUnit.SECONDS);
                Pump pump = new Pump(bytes, write, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
                long start = System.nanoTime();
                long cpu = QuicThroughputBenchmarkTest.cpuNanos();
                connection.newStreamBootstrap().type(QuicStreamType.BIDIRECTIONAL).handler(pump)
                        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, QuicHost.STREAM_WATER_MARK).create().sync();
                long sent = pump.done.get(seconds + 30L, TimeUnit.SECONDS);
                long received = counted.get(30, TimeUnit.SECONDS);
                long elapsed = System.nanoTime() - start;
                long cpuUsed = QuicThroughputBenchmarkTest.cpuNanos() - cpu;
                if (received != sent) {
                    throw new AssertionError("raw QUIC: sent " + sent + " bytes, " + received + " arrived");
                }
                connection.close().sync();
                return new Result(sent, sent / 1e6 / (elapsed / 1e9), cpuUsed / (double) sent);
            } finally {
                client.close().sync();
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    /** Writes one shared direct buffer again and again while the stream is writable, then FIN. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        private final long bytes;
        private final long deadline;
        private final ByteBuf chunk;
        private long sent;

        Pump(long bytes, int write, long deadline) {
            this.bytes = bytes;
            this.deadline = deadline;
            this.chunk = Unpooled.unreleasableBuffer(Unpooled.directBuffer(write).writeZero(write));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            if (done.isDone()) {
                return;
            }
            while (ctx.channel().isWritable() && sent < bytes && System.nanoTime() < deadline) {
                ctx.write(chunk.duplicate());
                sent += chunk.readableBytes();
            }
            ctx.flush();
            if (sent >= bytes || System.nanoTime() >= deadline) {
                ctx.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.EMPTY_BUFFER, true));
                done.complete(sent);
            }
        }
    }

    /** Counts a stream's bytes until its FIN. */
    private static final class Counter extends ChannelInitializer<QuicStreamChannel> {
        private final CompletableFuture<Long> counted;

        Counter(CompletableFuture<Long> counted) {
            this.counted = counted;
        }

        @Override
        protected void initChannel(QuicStreamChannel stream) {
            stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                private long seen;

                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf bytes = (ByteBuf) msg;
                    seen += bytes.readableBytes();
                    bytes.release();
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    if (event instanceof ChannelInputShutdownEvent) {
                        counted.complete(seen);
                        ctx.close();
                    }
                }
            });
        }
    }
}
