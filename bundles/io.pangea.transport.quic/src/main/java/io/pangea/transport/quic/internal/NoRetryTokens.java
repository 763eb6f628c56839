package io.pangea.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;

import java.net.InetSocketAddress;

/**
 * No QUIC Retry: a Retry costs every handshake a round trip to prove the client's address, while quiche already
 * limits what an unproven address can make the server send (three times what it received) and the guard filters
 * sources before the codec. Netty's own handler for this is not public.
 */
enum NoRetryTokens implements QuicTokenHandler {
    INSTANCE;

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf destinationConnectionId, InetSocketAddress address) {
        return false;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        return 0;
    }

    @Override
    public int maxTokenLength() {
        return 0;
    }
}
