package io.pangea.transport.tcp.internal;

import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.PeerStream;
import io.pangea.api.transport.ProtocolHandler;
import io.pangea.p2p.IdentityKey;
import io.pangea.p2p.host.IdentifyMessage;
import io.pangea.p2p.wire.LengthPrefixedFrameReader;
import io.pangea.p2p.wire.WireFormatException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Identify ({@value IdentifyMessage#PROTOCOL}): answers a peer's request with this node's key, addresses (on every
 * transport of the node, TCP first), protocols and the address the peer is seen from, then closes its side; and
 * requests the same from every new connection, checking that the key the peer sends is the one Noise authenticated.
 */
final class IdentifyService implements ProtocolHandler {
    private final TcpHost host;
    private final Duration timeout;

    IdentifyService(TcpHost host, Duration timeout) {
        this.host = host;
        this.timeout = timeout;
    }

    @Override
    public void accept(PeerConnection connection, PeerStream stream) {
        Libp2pConnection conn = (Libp2pConnection) connection;
        byte[] frame = LengthPrefixedFrameReader.encodeFrame(messageFor(conn).encode());
        stream.write(ByteBuffer.wrap(frame)).toCompletableFuture()
                .thenCompose(written -> {
                    stream.closeWrite();
                    return new StreamReader(stream).drain(0);
                })
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        host.log().debug(conn.label() + ": identify response not completed: "
                                + Failures.describe(failure));
                    }
                    stream.close();
                });
    }

    IdentifyMessage messageFor(Libp2pConnection connection) {
        return new IdentifyMessage(IdentifyMessage.PROTOCOL_VERSION, host.agentVersion(),
                Optional.of(host.identity().publicKey()), host.announcedAddresses(),
                Optional.of(connection.remoteMultiaddr()), host.registry().protocols(), 0);
    }

    /** Asks the peer to identify itself. */
    CompletableFuture<IdentifyMessage> request(Libp2pConnection connection) {
        return connection.openNegotiated(IdentifyMessage.PROTOCOL).thenCompose(stream -> {
            StreamReader reader = new StreamReader(stream);
            return reader.readFrame(IdentifyMessage.MAX_LENGTH)
                    .thenApply(frame -> {
                        IdentifyMessage message = IdentifyMessage.decode(frame.orElseThrow(() ->
                                new WireFormatException("the peer closed the identify stream without a message")));
                        check(connection, message.publicKey());
                        return message;
                    })
                    .whenComplete((message, failure) -> {
                        if (failure != null) {
                            stream.close();
                            return;
                        }
                        // Finish politely: our FIN, the peer's FIN, then the stream is forgotten without a reset.
                        stream.closeWrite();
                        reader.drain(0).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                .whenComplete((drained, e) -> stream.close());
                    });
        }).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void check(Libp2pConnection connection, Optional<IdentityKey> key) {
        if (key.isPresent() && !key.get().equals(connection.remoteKey())) {
            throw new AuthenticationFailedException("identify names the key of " + key.get().peerId()
                    + ", not of " + connection.remotePeerId() + " who was authenticated");
        }
    }
}
