package io.pangea.transport.quic.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.host.IdentifyMessage;
import io.pangea.p2p.wire.LengthPrefixedFrameReader;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Identify ({@value IdentifyMessage#PROTOCOL}) over QUIC: the responder writes one length-prefixed message and its
 * FIN; the requester reads it (bounded by {@link IdentifyMessage#MAX_LENGTH} before allocation) and checks that any key
 * in it is the one the TLS handshake proved.
 */
final class IdentifyExchange implements ProtocolHandler {
    private final QuicHost host;

    IdentifyExchange(QuicHost host) {
        this.host = host;
    }

    @Override
    public void accept(PeerConnection connection, PeerStream stream) {
        QuicConnection quic = (QuicConnection) connection;
        QuicPeerStream peerStream = (QuicPeerStream) stream;
        IdentifyMessage about = new IdentifyMessage(IdentifyMessage.PROTOCOL_VERSION, host.settings().agentVersion(),
                Optional.of(host.identity().publicKey()), host.announcedAddresses(),
                Optional.of(quic.remoteMultiaddr()), host.registry().protocols(), 0);
        stream.write(ByteBuffer.wrap(LengthPrefixedFrameReader.encodeFrame(about.encode())));
        stream.closeWrite();
        // The requester FINs once it has read; a requester that never does loses the stream after the timeout.
        peerStream.closeAfter(host.settings().negotiationTimeout().toMillis());
    }

    CompletableFuture<IdentifyMessage> request(QuicConnection connection) {
        long timeout = host.settings().negotiationTimeout().toMillis();
        return connection.openNegotiated(IdentifyMessage.PROTOCOL)
                .thenCompose(stream -> stream.take(Intake.frame(IdentifyMessage.MAX_LENGTH))
                        .whenComplete((frame, failure) -> {
                            stream.closeWrite();
                            if (failure != null) {
                                stream.close();
                            }
                        }))
                .thenApply(frame -> {
                    if (frame == null) {
                        throw new WireFormatException("the peer closed the identify stream without a message");
                    }
                    IdentifyMessage message = IdentifyMessage.decode(frame);
                    if (message.publicKey().isPresent() && !message.publicKey().get().equals(connection.remoteKey())) {
                        throw new SecurityException("identify names the key of " + message.publicKey().get().peerId()
                                + ", not the one proven in the TLS handshake");
                    }
                    return message;
                })
                .orTimeout(timeout, TimeUnit.MILLISECONDS);
    }
}
