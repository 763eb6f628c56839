package io.pangea.transport.tcp.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.Multiaddr;
import io.pangea.p2p.MultiaddrProtocol;
import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.host.CallbackExecutor;
import io.pangea.p2p.host.IdentifyMessage;
import io.pangea.p2p.host.Dialing;
import io.pangea.p2p.host.NodeAddresses;
import io.pangea.p2p.host.ProtocolRegistry;
import io.pangea.p2p.wire.MultistreamSelect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A libp2p host over TCP: listens and dials, upgrades every connection ({@link ConnectionUpgrader}), identifies
 * each new peer, and hands inbound streams to the {@link ProtocolRegistry}. Owns the Netty event loops and the
 * callback threads on which stream futures complete and protocol handlers run.
 *
 * <p>Thread-safe. {@link #close()} ends every connection with a GoAway and stops the threads.
 */
final class TcpHost implements AutoCloseable {
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger HOSTS = new AtomicInteger();

    private final NodeIdentity identity;
    private final HostSettings settings;
    private final ProtocolRegistry registry;
    private final TransportLog log;
    private final SecureRandom random = new SecureRandom();
    private final EventLoopGroup group;
    private final CallbackExecutor callbacks;
    private final IdentifyService identify;
    private final PingService ping;
    private final Set<Libp2pConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger channels = new AtomicInteger();
    private volatile Admission admission = (remote, localPort) -> true;
    /** The node's addresses on its other transports, announced in Identify after this host's own. */
    private volatile NodeAddresses nodeAddresses = new NodeAddresses();
    private volatile boolean closed;

    TcpHost(NodeIdentity identity, HostSettings settings, ProtocolRegistry registry, TransportLog log) {
        this.identity = identity;
        this.settings = settings;
        this.registry = registry;
        this.log = log;
        int host = HOSTS.incrementAndGet();
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
                new DefaultThreadFactory("pangea-tcp-" + host + "-io", true), NioIoHandler.newFactory());
        this.callbacks = new CallbackExecutor("pangea-tcp-" + host, settings.callbackThreads());
        this.identify = new IdentifyService(this, settings.negotiationTimeout());
        this.ping = new PingService(this, random, settings.negotiationTimeout());
        registry.register(IdentifyMessage.PROTOCOL, identify);
        registry.register(PingService.PROTOCOL, ping);
    }

    /**
     * Listens on {@code /ip4|ip6/<address>/tcp/<port>} (port 0 for an ephemeral one).
     *
     * @return the address actually bound
     * @throws IOException if the address cannot be bound
     */
    Multiaddr listen(Multiaddr address) throws IOException {
        InetSocketAddress socket = tcpSocketAddress(address)
                .filter(s -> !s.isUnresolved())
                .orElseThrow(() -> new IOException("cannot listen on " + address
                        + ": expected /ip4/<address>/tcp/<port> or /ip6/<address>/tcp/<port>"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accepted(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(socket);
        if (!bound.awaitUninterruptibly(BIND_TIMEOUT.toMillis())) {
            bound.cancel(false);
            throw new IOException("cannot listen on " + address + ": bind did not finish in " + BIND_TIMEOUT);
        }
        if (!bound.isSuccess()) {
            throw new IOException("cannot listen on " + address + ": " + Failures.describe(bound.cause()),
                    bound.cause());
        }
        listeners.add(bound.channel());
        Multiaddr actual = toMultiaddr((InetSocketAddress) bound.channel().localAddress());
        log.info("libp2p TCP transport listening on " + actual.withPeer(identity.peerId()));
        return actual;
    }

    /** The bound addresses, without the {@code /p2p} suffix. */
    List<Multiaddr> listenAddresses() {
        List<Multiaddr> addresses = new ArrayList<>();
        for (Channel listener : listeners) {
            if (listener.isActive()) {
                addresses.add(toMultiaddr((InetSocketAddress) listener.localAddress()));
            }
        }
        return addresses;
    }

    /**
     * Also announces the node's addresses on its other transports in Identify, so that a peer that met this node
     * over TCP can reach it over those too. Only this host's own until set.
     */
    void announceAlso(NodeAddresses addresses) {
        this.nodeAddresses = addresses;
    }

    /** What Identify announces: the bound addresses first, then the other transports'. */
    List<Multiaddr> announcedAddresses() {
        return nodeAddresses.announced(identity.peerId(), listenAddresses());
    }

    /**
     * Dials a TCP multiaddr; when it ends in {@code /p2p/<id>} the peer must prove that identity in the Noise
     * handshake. Completes with the upgraded connection (Identify then runs in the background).
     */
    CompletableFuture<Libp2pConnection> dial(Multiaddr address) {
        CompletableFuture<Libp2pConnection> result = new CompletableFuture<>();
        Optional<InetSocketAddress> target = tcpSocketAddress(address);
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a TCP address: " + address));
        }
        Optional<PeerId> expected;
        try {
            expected = Dialing.expectedPeer(address, identity.peerId());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the TCP transport is closed"));
        }
        if (!reserveChannel()) {
            return CompletableFuture.failedFuture(new IOException("cannot dial " + address + ": "
                    + settings.maxConnections() + " connections are open"));
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.handshakeTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ConnectionUpgrader.install(channel, TcpHost.this, true, expected, result,
                                "connection to " + address);
                    }
                });
        ChannelFuture connect = bootstrap.connect(target.get());
        connect.channel().closeFuture().addListener(closedChannel -> channels.decrementAndGet());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                failLater(result, new IOException("cannot connect to " + address + ": "
                        + Failures.describe(done.cause()), done.cause()));
            }
        });
        return result;
    }

    /** The open, upgraded connections. */
    List<Libp2pConnection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void close() {
        closed = true;
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly(BIND_TIMEOUT.toMillis());
        }
        listeners.clear();
        for (Libp2pConnection connection : connections) {
            connection.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        callbacks.close();
        registry.unregister(IdentifyMessage.PROTOCOL, identify);
        registry.unregister(PingService.PROTOCOL, ping);
    }

    // ---- for the connections and handlers ----

    NodeIdentity identity() {
        return identity;
    }

    HostSettings settings() {
        return settings;
    }

    ProtocolRegistry registry() {
        return registry;
    }

    TransportLog log() {
        return log;
    }

    SecureRandom random() {
        return random;
    }

    Executor callbacks() {
        return callbacks;
    }

    String agentVersion() {
        return settings.agentVersion();
    }

    CompletableFuture<java.time.Duration> ping(Libp2pConnection connection) {
        return ping.ping(connection);
    }

    /** Called on the event loop when a connection finished its upgrade. */
    void connectionUpgraded(Libp2pConnection connection, CompletableFuture<Libp2pConnection> result) {
        if (closed) {
            connection.close();
            failLater(result, new IOException("the TCP transport is closed"));
            return;
        }
        connections.add(connection);
        log.debug(connection.label() + ": secured with Noise, multiplexed with Yamux");
        identify.request(connection).whenComplete((message, failure) -> {
            if (failure == null) {
                connection.identified().complete(message);
                if (message.protocols().contains(PingService.PROTOCOL)) {
                    connection.startPeriodicPing(settings.yamux().keepAliveInterval());
                }
                log.debug(connection.label() + ": identified as " + message.agentVersion() + " ("
                        + message.protocols().size() + " protocols)");
                return;
            }
            connection.identified().completeExceptionally(failure);
            if (Failures.unwrap(failure) instanceof AuthenticationFailedException) {
                log.warn(connection.label() + ": " + Failures.describe(failure) + "; closing the connection");
                connection.close();
            } else if (connection.isOpen()) {
                log.info(connection.label() + ": identify failed: " + Failures.describe(failure));
            }
        });
        completeLater(result, connection);
    }

    /** Called on the event loop for every stream the peer opens. */
    void acceptStream(Libp2pConnection connection, YamuxStream stream) {
        MultistreamSelect negotiation = MultistreamSelect.responder(registry::supports, registry.protocols());
        StreamNegotiation.run(stream, negotiation, settings.negotiationTimeout()).whenComplete((protocol, failure) -> {
            if (failure != null) {
                log.debug(connection.label() + ": inbound stream " + stream.id() + " not negotiated: "
                        + Failures.describe(failure));
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
                log.warn(connection.label() + ": the handler of " + protocol + " failed: " + e);
                stream.close();
            }
        });
    }

    void connectionClosed(Libp2pConnection connection) {
        if (connections.remove(connection)) {
            log.debug(connection.label() + ": closed");
        }
    }

    <T> void completeLater(CompletableFuture<T> future, T value) {
        callbacks.execute(() -> future.complete(value));
    }

    void failLater(CompletableFuture<?> future, Throwable cause) {
        callbacks.execute(() -> future.completeExceptionally(cause));
    }

    // ---- internals ----

    /**
     * Decides, before a byte of the peer's is read, whether a connection may stay (the active guard, when the
     * transport runs in a node). Everything is admitted until one is set.
     */
    void admitWith(Admission admission) {
        this.admission = admission;
    }

    /** Whether a peer may connect to a local port. */
    @FunctionalInterface
    interface Admission {
        boolean admits(InetSocketAddress remote, int localPort);
    }

    private void accepted(SocketChannel channel) {
        InetSocketAddress remote = channel.remoteAddress();
        String label = "connection from " + remote.getAddress().getHostAddress() + ":" + remote.getPort();
        if (!admission.admits(remote, channel.localAddress().getPort())) {
            // The guard counts refusals; a log line per refused connection would let an attacker flood the log.
            log.debug(label + ": refused by the guard");
            channel.close();
            return;
        }
        if (closed || !reserveChannel()) {
            log.info(label + ": refused, " + settings.maxConnections() + " connections are open");
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closedChannel -> channels.decrementAndGet());
        ConnectionUpgrader.install(channel, this, false, Optional.empty(), new CompletableFuture<>(), label);
    }

    private boolean reserveChannel() {
        if (channels.incrementAndGet() > settings.maxConnections()) {
            channels.decrementAndGet();
            return false;
        }
        return true;
    }

    private static Optional<InetSocketAddress> tcpSocketAddress(Multiaddr address) {
        List<Multiaddr.Component> components = address.components();
        if (components.size() < 2 || components.get(1).protocol() != MultiaddrProtocol.TCP) {
            return Optional.empty();
        }
        if (components.size() > 2 && !(components.size() == 3 && address.peerId().isPresent())) {
            return Optional.empty();
        }
        return address.socketAddress();
    }

    private static Multiaddr toMultiaddr(InetSocketAddress socket) {
        return Multiaddr.tcp(socket.getAddress(), socket.getPort());
    }
}
