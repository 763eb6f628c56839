package io.pangea.transport.quic.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicCongestionControlAlgorithm;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.host.CallbackExecutor;
import io.pangea.p2p.host.Dialing;
import io.pangea.p2p.host.NodeAddresses;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.host.IdentifyMessage;
import io.pangea.p2p.host.ProtocolRegistry;
import io.pangea.p2p.wire.MultistreamSelect;
import io.pangea.p2p.wire.WireFormatException;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A libp2p host over QUIC v1: one UDP socket per listen address (a {@link GuardFilter} in front of the QUIC server
 * codec), one client UDP socket per address family for dialing, and the libp2p TLS handshake on both
 * ({@link Libp2pCertificate}, {@link Libp2pTrustManager}, ALPN {@value #ALPN}). Every connection is identified; inbound
 * streams are negotiated and handed to the {@link ProtocolRegistry}.
 *
 * <p>I/O runs on epoll when its native library loads (recvmmsg, UDP GRO, GSO through the segmented datagram allocator),
 * else on NIO. Thread-safe.
 */
final class QuicHost implements AutoCloseable {
    static final String ALPN = "libp2p";
    static final WriteBufferWaterMark STREAM_WATER_MARK = new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);
    /** UDP GRO hands over up to 64 KiB of one sender's packets as one datagram: the receive buffer must hold that. */
    private static final int GRO_SLOT = 65535;
    /** One GSO send is one UDP datagram before the kernel cuts it: at most 65535 - 20 (IPv4) - 8 (UDP) bytes. */
    private static final int MAX_GSO_BYTES = 65507;
    private static final long GUARD_CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final AttributeKey<QuicConnection> CONNECTION = AttributeKey.valueOf("pangea.quic.connection");
    private static final AttributeKey<PeerId> EXPECTED_PEER = AttributeKey.valueOf("pangea.quic.expected");
    private static final AtomicInteger HOSTS = new AtomicInteger();

    private final NodeIdentity identity;
    private final QuicSettings settings;
    private final ProtocolRegistry registry;
    private final QuicLog log;
    private final boolean epoll;
    private final EventLoopGroup group;
    private final CallbackExecutor callbacks;
    private final Libp2pTrustManager trust = new Libp2pTrustManager();
    private final QuicSslContext serverTls;
    private final QuicSslContext clientTls;
    private final IdentifyExchange identify;
    private final PingExchange pings;
    private final Set<QuicConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final Map<Dialer, Channel> dialers = new ConcurrentHashMap<>();

    /** Which client socket: one per address family, and apart for loopback destinations. */
    private record Dialer(boolean ipv6, boolean loopback) {
    }
    private final AtomicInteger reserved = new AtomicInteger();
    /** The node's addresses on its other transports, announced in Identify after this host's own. */
    private volatile NodeAddresses nodeAddresses = new NodeAddresses();
    private volatile Admission admission = (remote, localPort) -> true;
    private volatile boolean closed;

    /** Whether a source may send to a local port; asked before its datagrams are decoded. */
    @FunctionalInterface
    interface Admission {
        boolean admits(InetSocketAddress remote, int localPort);
    }

    /**
     * @throws IOException if the QUIC native library did not load or the TLS material cannot be made
     */
    QuicHost(NodeIdentity identity, QuicSettings settings, ProtocolRegistry registry, QuicLog log) throws IOException {
        this(identity, settings, registry, log, null);
    }

    /**
     * @param presented the key and chain to present instead of a fresh {@link Libp2pCertificate}: tests present broken
     *                  ones with it
     */
    QuicHost(NodeIdentity identity, QuicSettings settings, ProtocolRegistry registry, QuicLog log,
             Map.Entry<java.security.PrivateKey, X509Certificate[]> presented) throws IOException {
        if (!io.netty.handler.codec.quic.Quic.isAvailable()) {
            throw new IOException("the QUIC native library (quiche) did not load: "
                    + Failures.describe(io.netty.handler.codec.quic.Quic.unavailabilityCause()));
        }
        this.identity = identity;
        this.settings = settings;
        this.registry = registry;
        this.log = log;
        SecureRandom random = new SecureRandom();
        try {
            if (presented == null) {
                Libp2pCertificate certificate = Libp2pCertificate.create(identity, random);
                presented = Map.entry(certificate.key(), new X509Certificate[] {certificate.certificate()});
            }
            this.serverTls = QuicSslContextBuilder.forServer(presented.getKey(), null, presented.getValue())
                    .trustManager(trust).clientAuth(ClientAuth.REQUIRE).applicationProtocols(ALPN).build();
            this.clientTls = QuicSslContextBuilder.forClient()
                    .keyManager(presented.getKey(), null, presented.getValue())
                    .trustManager(trust).applicationProtocols(ALPN).build();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("cannot set up libp2p TLS: " + Failures.describe(e), e);
        }
        int host = HOSTS.incrementAndGet();
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
                new DefaultThreadFactory("pangea-quic-" + host + "-io", true), io);
        this.callbacks = new CallbackExecutor("pangea-quic-" + host, settings.callbackThreads());
        this.identify = new IdentifyExchange(this);
        this.pings = new PingExchange(this, random);
        registry.register(IdentifyMessage.PROTOCOL, identify);
        registry.register(PingExchange.PROTOCOL, pings);
    }

    /**
     * Listens on {@code /ip4|ip6/<address>/udp/<port>/quic-v1} (port 0 for an ephemeral one).
     *
     * @return the bound address
     * @throws IOException if the port cannot be bound
     */
    Multiaddr listen(Multiaddr address) throws IOException {
        if (!address.isQuic() || address.peerId().isPresent()) {
            throw new IOException("cannot listen on " + address + ": expected /ip4|ip6/<address>/udp/<port>/quic-v1");
        }
        InetSocketAddress socket = address.socketAddress().filter(s -> !s.isUnresolved())
                .orElseThrow(() -> new IOException("cannot listen on " + address + ": not an IP address"));
        // A listener on a loopback address only ever talks to this machine: loopback-sized packets.
        boolean loopback = socket.getAddress().isLoopbackAddress();
        io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator segmentation =
                segmentation(settings, epoll, loopback);
        ChannelHandler codec = configure(new QuicServerCodecBuilder(), settings, loopback)
                .sslContext(serverTls)
                .tokenHandler(NoRetryTokens.INSTANCE)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel channel) {
                        channel.pipeline().addLast(new ConnectionHandler(false));
                    }
                })
                .streamHandler(new InboundStreams())
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamOption(ChannelOption.WRITE_BUFFER_WATER_MARK, STREAM_WATER_MARK)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segmentation)
                .build();
        ChannelFuture bound = udp(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new GuardFilter((remote, local) -> admission.admits(remote, local),
                        GUARD_CACHE_NANOS, log), codec);
            }
        }).bind(socket);
        if (!bound.awaitUninterruptibly(BIND_TIMEOUT.toMillis()) || !bound.isSuccess()) {
            bound.channel().close();
            throw new IOException("cannot listen on " + address + ": "
                    + (bound.cause() == null ? "bind timed out" : Failures.describe(bound.cause())), bound.cause());
        }
        listeners.add(bound.channel());
        Multiaddr actual = quicAddress((InetSocketAddress) bound.channel().localAddress());
        int segments = segmentation.maxNumSegments();
        log.info("libp2p QUIC transport listening on " + actual.withPeer(identity.peerId()) + " ("
                + (epoll ? "epoll" : "nio") + ", " + settings.congestionControl() + ", packets up to "
                + settings.udpPayload(loopback) + " bytes" + (loopback ? " (loopback)" : "") + ", "
                + (segments > 1 ? "GSO " + segments + " segments" : "no GSO") + ")");
        warnIfBufferCapped(bound.channel());
        return actual;
    }

    /**
     * The codec settings of a QUIC socket (also the raw-QUIC reference's); {@code loopback} for one that only talks
     * to this machine.
     */
    static <B extends QuicCodecBuilder<B>> B configure(B builder, QuicSettings settings, boolean loopback) {
        return builder
                .maxIdleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(settings.connectionWindow())
                .initialMaxStreamDataBidirectionalLocal(settings.streamWindow())
                .initialMaxStreamDataBidirectionalRemote(settings.streamWindow())
                .initialMaxStreamsBidirectional(settings.maxStreams())
                .initialMaxStreamsUnidirectional(0)
                .maxSendUdpPayloadSize(settings.udpPayload(loopback))
                // Accepting large packets costs nothing and lets a loopback peer send them even to a listener on a
                // wildcard address; what is sent to the peer stays the peer's and its path's choice.
                .maxRecvUdpPayloadSize(settings.largestUdpPayload())
                .activeMigration(false)
                .congestionControlAlgorithm(congestionControl(settings.congestionControl()));
    }

    static QuicCongestionControlAlgorithm congestionControl(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "bbr" -> QuicCongestionControlAlgorithm.BBR;
            case "reno" -> QuicCongestionControlAlgorithm.RENO;
            default -> QuicCongestionControlAlgorithm.CUBIC;
        };
    }

    /**
     * GSO: one sendmsg carries up to this many QUIC packets, cut into datagrams by the kernel (or the NIC). The whole
     * send must stay within one 64 KiB datagram, so large packets get fewer segments (none at 64 KiB).
     */
    static io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator segmentation(QuicSettings settings,
                                                                                    boolean epoll, boolean loopback) {
        int segments = Math.min(settings.gsoSegments(), MAX_GSO_BYTES / settings.udpPayload(loopback));
        return epoll && segments > 1 && EpollDatagramChannel.isSegmentedDatagramPacketSupported()
                ? EpollQuicUtils.newSegmentedAllocator(segments)
                : io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator.NONE;
    }

    private Bootstrap udp(ChannelHandler handler) {
        return udp(group, settings, epoll, handler);
    }

    /** A UDP socket as every QUIC socket of a host has it (also the raw-QUIC reference's). */
    static Bootstrap udp(EventLoopGroup group, QuicSettings settings, boolean epoll, ChannelHandler handler) {
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, settings.socketBuffer())
                .option(ChannelOption.SO_SNDBUF, settings.socketBuffer())
                .handler(handler);
        if (epoll) {
            // GRO: the kernel hands over a run of one sender's packets (a GSO send arrives whole on loopback) as one
            // datagram of up to 64 KiB, which Netty cuts back into packets. Two Netty 4.2.18 facts shape this:
            // - only its single-datagram recvmsg path cuts GRO datagrams; its recvmmsg path passes a run on as one
            //   blob that QUIC cannot decrypt (every GSO send lost: transfers stalled). A buffer of exactly one slot
            //   keeps it on recvmsg; GRO batches more than recvmmsg did anyway (measured: GSO 16 + GRO 290 MB/s,
            //   GSO 16 + recvmmsg without GRO 225 MB/s).
            // - a slot smaller than 64 KiB truncates a run to its first packet (GSO looked lossy before).
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, GRO_SLOT)
                    .option(EpollChannelOption.UDP_GRO, true)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(GRO_SLOT));
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(
                    Math.max(2048, settings.largestUdpPayload())));
        }
        return bootstrap;
    }

    /**
     * The kernel caps SO_RCVBUF at net.core.rmem_max (and reports twice what it granted): a smaller receive buffer
     * than configured drops packets in bursts, which QUIC then takes for congestion.
     */
    private void warnIfBufferCapped(Channel socket) {
        int granted = ((DatagramChannel) socket).config().getReceiveBufferSize() / 2;
        if (granted < settings.socketBuffer()) {
            log.info("the UDP receive buffer is " + granted + " bytes, not the configured " + settings.socketBuffer()
                    + ": raise net.core.rmem_max to allow it");
        }
    }

    /**
     * Also announces the node's addresses on its other transports in Identify, so that a peer that met this node
     * over QUIC can reach it over those too. Only this host's own until set.
     */
    void announceAlso(NodeAddresses addresses) {
        this.nodeAddresses = addresses;
    }

    /** What Identify announces: the bound addresses first, then the other transports'. */
    List<Multiaddr> announcedAddresses() {
        return nodeAddresses.announced(identity().peerId(), listenAddresses());
    }

    /** The bound addresses, without {@code /p2p}. */
    List<Multiaddr> listenAddresses() {
        List<Multiaddr> addresses = new ArrayList<>();
        for (Channel listener : listeners) {
            if (listener.isActive()) {
                addresses.add(quicAddress((InetSocketAddress) listener.localAddress()));
            }
        }
        return addresses;
    }

    /**
     * Dials a QUIC multiaddr; with {@code /p2p/<id>} the TLS handshake must prove that peer or it is aborted.
     * Completes once the handshake is done (Identify then runs in the background).
     */
    CompletableFuture<QuicConnection> dial(Multiaddr address) {
        Optional<InetSocketAddress> target = address.isQuic() ? address.socketAddress() : Optional.empty();
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a QUIC address: " + address));
        }
        Optional<PeerId> expected;
        try {
            expected = Dialing.expectedPeer(address, identity.peerId());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the QUIC transport is closed"));
        }
        InetSocketAddress remote = target.get();
        if (remote.isUnresolved()) {
            remote = new InetSocketAddress(remote.getHostString(), remote.getPort());
            if (remote.isUnresolved()) {
                return CompletableFuture.failedFuture(new IOException("cannot resolve " + address));
            }
        }
        if (!reserve()) {
            return CompletableFuture.failedFuture(new IOException("cannot dial " + address + ": "
                    + settings.maxConnections() + " connections are open"));
        }
        CompletableFuture<QuicConnection> result = new CompletableFuture<>();
        Channel socket;
        try {
            socket = dialer(remote.getAddress() instanceof Inet6Address, remote.getAddress().isLoopbackAddress());
        } catch (IOException e) {
            reserved.decrementAndGet();
            return CompletableFuture.failedFuture(e);
        }
        ConnectionHandler handler = new ConnectionHandler(true);
        handler.dialing(address, result);
        QuicChannel.newBootstrap(socket)
                .attr(EXPECTED_PEER, expected.orElse(null))
                .handler(handler)
                .streamHandler(new InboundStreams())
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamOption(ChannelOption.WRITE_BUFFER_WATER_MARK, STREAM_WATER_MARK)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, segmentation(settings, epoll,
                        remote.getAddress().isLoopbackAddress()))
                .remoteAddress(remote)
                .connect()
                .addListener(done -> {
                    if (!done.isSuccess()) {
                        handler.failDial(handler.rejection()
                                .map(r -> "the peer's certificate was refused: " + r)
                                .orElseGet(() -> Failures.describe(done.cause())));
                    }
                });
        return result;
    }

    /**
     * The client socket of one address family, bound on first use; loopback destinations get their own, whose codec
     * sends loopback-sized packets.
     */
    private Channel dialer(boolean ipv6, boolean loopback) throws IOException {
        Dialer key = new Dialer(ipv6, loopback);
        Channel existing = dialers.get(key);
        if (existing != null && existing.isActive()) {
            return existing;
        }
        synchronized (dialers) {
            existing = dialers.get(key);
            if (existing != null && existing.isActive()) {
                return existing;
            }
            ChannelHandler codec = configure(new QuicClientCodecBuilder(), settings, loopback)
                    .sslEngineProvider(this::clientEngine)
                    .build();
            ChannelFuture bound = udp(codec).bind(new InetSocketAddress(ipv6 ? "::" : "0.0.0.0", 0));
            if (!bound.awaitUninterruptibly(BIND_TIMEOUT.toMillis()) || !bound.isSuccess()) {
                throw new IOException("cannot open a UDP socket to dial from: "
                        + (bound.cause() == null ? "timed out" : Failures.describe(bound.cause())), bound.cause());
            }
            dialers.put(key, bound.channel());
            return bound.channel();
        }
    }

    /** The TLS engine of an outbound connection, told which peer the dial expects. */
    private QuicSslEngine clientEngine(QuicChannel channel) {
        QuicSslEngine engine = clientTls.newEngine(channel.alloc());
        PeerId expected = channel.attr(EXPECTED_PEER).get();
        if (expected != null) {
            trust.expect(engine, expected);
        }
        return engine;
    }

    List<QuicConnection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void close() {
        closed = true;
        for (QuicConnection connection : connections) {
            connection.close();
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(BIND_TIMEOUT.toMillis());
        }
        listeners.clear();
        for (Channel dialer : dialers.values()) {
            dialer.close().awaitUninterruptibly(BIND_TIMEOUT.toMillis());
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        callbacks.close();
        registry.unregister(IdentifyMessage.PROTOCOL, identify);
        registry.unregister(PingExchange.PROTOCOL, pings);
    }

    /** Tests: drops every UDP socket at once, as a crashed node would, so that peers learn only by silence. */
    void vanish() {
        closed = true;
        listeners.forEach(Channel::close);
        dialers.values().forEach(Channel::close);
    }

    void admitWith(Admission admission) {
        this.admission = admission;
    }

    // ---- for connections and exchanges ----

    NodeIdentity identity() {
        return identity;
    }

    QuicSettings settings() {
        return settings;
    }

    ProtocolRegistry registry() {
        return registry;
    }

    QuicLog log() {
        return log;
    }

    Executor callbacks() {
        return callbacks;
    }

    PingExchange pings() {
        return pings;
    }

    boolean usesEpoll() {
        return epoll;
    }

    // ---- internals ----

    private boolean reserve() {
        if (reserved.incrementAndGet() > settings.maxConnections()) {
            reserved.decrementAndGet();
            return false;
        }
        return true;
    }

    private static Multiaddr quicAddress(InetSocketAddress socket) {
        return Multiaddr.quic(socket.getAddress(), socket.getPort());
    }

    /** Negotiates an inbound stream's protocol and hands it to the protocol's handler. */
    private void acceptStream(QuicConnection connection, QuicPeerStream stream) {
        MultistreamSelect select = MultistreamSelect.responder(registry::supports, registry.protocols());
        Negotiation.run(stream, select, settings.negotiationTimeout()).whenComplete((protocol, failure) -> {
            if (failure != null) {
                if (Failures.root(failure) instanceof WireFormatException) {
                    log.info(stream.label() + ": malformed protocol negotiation, stream reset: "
                            + Failures.describe(failure));
                } else {
                    log.debug(stream.label() + ": inbound stream not negotiated: " + Failures.describe(failure));
                }
                return;
            }
            Optional<ProtocolHandler> handler = registry.handler(protocol);
            if (handler.isEmpty()) {
                stream.close();
                return;
            }
            try {
                handler.get().accept(connection, stream);
            } catch (RuntimeException e) {
                log.warn(stream.label() + ": the handler of " + protocol + " failed: " + e);
                stream.close();
            }
        });
    }

    private void identified(QuicConnection connection) {
        identify.request(connection).whenComplete((message, failure) -> {
            if (failure == null) {
                connection.identified().complete(message);
                if (message.protocols().contains(PingExchange.PROTOCOL)) {
                    connection.startPinging(settings.pingInterval());
                }
                log.debug(connection.label() + ": identified as " + message.agentVersion());
                return;
            }
            connection.identified().completeExceptionally(failure);
            if (Failures.root(failure) instanceof SecurityException) {
                log.warn(connection.label() + ": " + Failures.describe(failure) + "; closing the connection");
                connection.close();
            } else if (connection.isOpen()) {
                log.info(connection.label() + ": identify failed: " + Failures.describe(failure));
            }
        });
    }

    /** Streams the peer opens: each gets its {@link QuicPeerStream} and is negotiated. */
    @ChannelHandler.Sharable
    private final class InboundStreams extends ChannelInitializer<QuicStreamChannel> {
        @Override
        protected void initChannel(QuicStreamChannel stream) {
            QuicConnection connection = stream.parent().attr(CONNECTION).get();
            if (connection == null) {
                stream.close(); // before the handshake finished: nothing to serve it with yet
                return;
            }
            QuicPeerStream peerStream = connection.stream(stream);
            stream.pipeline().addLast(peerStream);
            acceptStream(connection, peerStream);
        }
    }

    /**
     * The life of one QUIC connection, inbound or outbound: the handshake deadline, the proven identity once it is
     * done, and the reason it ended.
     */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final boolean dialer;
        private Multiaddr dialed;
        private CompletableFuture<QuicConnection> dial;
        private String peerClosed;
        private volatile QuicChannel channel;
        private String remote;

        ConnectionHandler(boolean dialer) {
            this.dialer = dialer;
        }

        void dialing(Multiaddr address, CompletableFuture<QuicConnection> result) {
            this.dialed = address;
            this.dial = result;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            QuicChannel channel = (QuicChannel) ctx.channel();
            this.channel = channel;
            this.remote = String.valueOf(channel.remoteSocketAddress());
            if (!dialer && (closed || !reserve())) {
                log.info("QUIC connection from " + channel.remoteSocketAddress() + " refused: "
                        + settings.maxConnections() + " connections are open");
                channel.close();
                return;
            }
            channel.closeFuture().addListener(done -> ended(channel));
            channel.eventLoop().schedule(() -> {
                if (channel.isOpen() && channel.attr(CONNECTION).get() == null) {
                    log.info(describe(channel) + ": handshake timed out");
                    failDial("the handshake timed out");
                    channel.close();
                }
            }, settings.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            QuicChannel channel = (QuicChannel) ctx.channel();
            Optional<IdentityKey> key = trust.takeProven(channel.sslEngine());
            if (key.isEmpty()) {
                log.warn(describe(channel) + ": handshake finished without a proven libp2p identity; closing");
                channel.close();
                return;
            }
            QuicConnection established = new QuicConnection(QuicHost.this, channel, key.get(), dialer);
            channel.attr(CONNECTION).set(established);
            connections.add(established);
            log.debug(established.label() + ": established");
            if (dialer) {
                CompletableFuture<QuicConnection> result = dial;
                callbacks.execute(() -> result.complete(established));
            }
            identified(established);
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof QuicConnectionCloseEvent close) {
                String reason = close.isTlsError()
                        ? "the peer refused the TLS handshake (alert " + QuicConnectionCloseEvent.extractTlsError(
                        close.error()) + ")"
                        : (close.isApplicationClose() ? "the peer closed the connection" : "the peer closed the "
                        + "connection with QUIC error " + close.error());
                peerClosed = reason;
                QuicConnection established = ctx.channel().attr(CONNECTION).get();
                if (established != null) {
                    established.closeReason(reason);
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (rejection().isPresent()) {
                ctx.close(); // the refused certificate gets its own line when the channel ends
                return;
            }
            log.info(describe((QuicChannel) ctx.channel()) + ": " + Failures.describe(cause) + "; closing");
            ctx.close();
        }

        private void ended(QuicChannel channel) {
            reserved.decrementAndGet();
            Optional<String> rejected = channel.sslEngine() == null ? Optional.empty()
                    : trust.forget(channel.sslEngine());
            QuicConnection established = channel.attr(CONNECTION).get();
            String reason = channel.isTimedOut() ? "idle timeout: the peer stopped answering"
                    : peerClosed != null ? peerClosed : "closed";
            if (established != null) {
                connections.remove(established);
                established.closed(reason);
                log.debug(established.label() + ": ended (" + reason + ")");
                return;
            }
            String why = rejected.map(r -> "the peer's certificate was refused: " + r).orElse(reason);
            if (!dialer && rejected.isPresent()) {
                log.info(describe(channel) + ": handshake refused: " + rejected.get());
            }
            failDial(why);
        }

        Optional<String> rejection() {
            QuicChannel current = channel;
            return current == null || current.sslEngine() == null ? Optional.empty()
                    : trust.rejection(current.sslEngine());
        }

        void failDial(String reason) {
            CompletableFuture<QuicConnection> result = dial;
            if (result != null && !result.isDone()) {
                IOException failure = new IOException("cannot dial " + dialed + ": " + reason);
                callbacks.execute(() -> result.completeExceptionally(failure));
            }
        }

        private String describe(QuicChannel channel) {
            String address = channel.remoteSocketAddress() != null ? String.valueOf(channel.remoteSocketAddress())
                    : remote;
            return (dialer ? "QUIC connection to " : "QUIC connection from ") + address;
        }
    }
}
