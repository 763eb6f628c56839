package io.pangea.transport.tcp.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.function.Supplier;

/**
 * Two {@link EmbeddedChannel}s wired back to back: {@link #shuttle()} moves what each side wrote into the other
 * until both are quiet, running pending tasks on the way. Deterministic, single-threaded.
 */
final class EmbeddedPair {
    final EmbeddedChannel left;
    final EmbeddedChannel right;

    EmbeddedPair(Supplier<ChannelHandler[]> leftHandlers, Supplier<ChannelHandler[]> rightHandlers) {
        this.left = new EmbeddedChannel(leftHandlers.get());
        this.right = new EmbeddedChannel(rightHandlers.get());
    }

    /** Delivers every pending write; returns the number of bytes moved. */
    long shuttle() {
        long moved = 0;
        for (int round = 0; round < 10_000; round++) {
            left.runPendingTasks();
            right.runPendingTasks();
            long step = move(left, right) + move(right, left);
            if (step == 0) {
                return moved;
            }
            moved += step;
        }
        throw new AssertionError("the two sides never went quiet");
    }

    private static long move(EmbeddedChannel from, EmbeddedChannel to) {
        long moved = 0;
        for (Object msg; (msg = from.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) msg;
            moved += bytes.readableBytes();
            if (to.isOpen()) {
                to.writeInbound(bytes);
            } else {
                bytes.release();
            }
        }
        return moved;
    }
}
