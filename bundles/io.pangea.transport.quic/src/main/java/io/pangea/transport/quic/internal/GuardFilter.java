package io.pangea.transport.quic.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * First handler on a listening UDP channel, before the QUIC codec: datagrams from a source the guard refuses are
 * dropped before a byte of them is parsed. The guard's answer for a source is kept for {@code ttlNanos} so it is asked
 * once per source and period, not per packet; the cache is bounded (cleared when full, so sources spraying spoofed
 * addresses cost guard calls, never memory). Confined to the channel's event loop.
 */
final class GuardFilter extends ChannelInboundHandlerAdapter {
    static final int MAX_SOURCES = 16_384;

    private final QuicHost.Admission admission;
    private int localPort = -1;
    private final long ttlNanos;
    private final QuicLog log;
    private final Map<InetSocketAddress, Decision> decisions = new HashMap<>();
    private long dropped;

    private record Decision(boolean admitted, long until) {
    }

    GuardFilter(QuicHost.Admission admission, long ttlNanos, QuicLog log) {
        this.admission = admission;
        this.ttlNanos = ttlNanos;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (localPort < 0) {
            localPort = ((InetSocketAddress) ctx.channel().localAddress()).getPort(); // known once bound
        }
        if (msg instanceof DatagramPacket packet && !admitted(packet.sender())) {
            packet.release();
            dropped++;
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean admitted(InetSocketAddress source) {
        long now = System.nanoTime();
        Decision known = decisions.get(source);
        if (known != null && now - known.until() < 0) {
            return known.admitted();
        }
        boolean admitted;
        try {
            admitted = admission.admits(source, localPort);
        } catch (RuntimeException e) {
            // A broken guard must not take the transport down with it; the guard's own bundle reports its failure.
            log.warn("the guard failed to judge " + source + ", admitting it: " + e);
            admitted = true;
        }
        if (decisions.size() >= MAX_SOURCES) {
            decisions.clear();
        }
        decisions.put(source, new Decision(admitted, now + ttlNanos));
        if (!admitted) {
            // One line per source and period: a flood of refused packets must not become a flood of log lines.
            log.debug("datagrams from " + source + " refused by the guard");
        }
        return admitted;
    }

    /** Datagrams dropped so far. */
    long dropped() {
        return dropped;
    }
}
