package io.pangea.transport.tcp.internal;

import io.pangea.p2p.NodeIdentity;
import io.pangea.p2p.PeerId;
import io.pangea.p2p.wire.MultistreamSelect;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A hand-driven libp2p dialer on a plain blocking socket, built from the same state machines as the transport, so a
 * test can get a connection to any stage of the upgrade and then misbehave there.
 */
final class RawLibp2pClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private NoiseCipherState sender;
    private NoiseCipherState receiver;

    RawLibp2pClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** multistream-select on the raw socket (before Noise). */
    void negotiatePlain(String protocol) throws IOException {
        MultistreamSelect negotiation = MultistreamSelect.initiator(List.of(protocol));
        writeRaw(negotiation.takeOutbound());
        while (negotiation.state() == MultistreamSelect.State.NEGOTIATING) {
            negotiation.receive(ByteBuffer.wrap(new byte[] {in.readByte()}));
        }
        if (negotiation.state() != MultistreamSelect.State.SELECTED) {
            throw new IOException("not selected: " + negotiation.failureReason());
        }
    }

    /** The libp2p Noise handshake as initiator; returns the responder's peer id. */
    PeerId noiseHandshake(NodeIdentity identity) throws IOException {
        SecureRandom random = new SecureRandom();
        X25519.KeyPair staticKey = X25519.generate(random);
        NoiseXxHandshake handshake = new NoiseXxHandshake(NoiseXxHandshake.Role.INITIATOR, staticKey, new byte[0],
                null, random);
        writeFrame(handshake.writeMessage(new byte[0]));
        byte[] payload = handshake.readMessage(readFrame());
        PeerId remote = NoisePayload.verify(payload, handshake.remoteStaticKey(), Optional.empty()).peerId();
        writeFrame(handshake.writeMessage(NoisePayload.create(identity, staticKey.publicKey())));
        NoiseXxHandshake.TransportKeys keys = handshake.split();
        sender = keys.sender();
        receiver = keys.receiver();
        return remote;
    }

    /** multistream-select inside the secured channel. */
    void negotiateSecured(String protocol) throws IOException {
        MultistreamSelect negotiation = MultistreamSelect.initiator(List.of(protocol));
        writeEncrypted(negotiation.takeOutbound());
        while (negotiation.state() == MultistreamSelect.State.NEGOTIATING) {
            negotiation.receive(ByteBuffer.wrap(readEncrypted()));
        }
        if (negotiation.state() != MultistreamSelect.State.SELECTED) {
            throw new IOException("not selected: " + negotiation.failureReason());
        }
    }

    void writeFrame(byte[] frame) throws IOException {
        byte[] out = new byte[frame.length + 2];
        out[0] = (byte) (frame.length >>> 8);
        out[1] = (byte) frame.length;
        System.arraycopy(frame, 0, out, 2, frame.length);
        writeRaw(out);
    }

    byte[] readFrame() throws IOException {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }

    void writeEncrypted(byte[] plaintext) throws IOException {
        writeFrame(encrypt(plaintext));
    }

    byte[] encrypt(byte[] plaintext) {
        return sender.encryptWithAd(new byte[0], plaintext);
    }

    byte[] readEncrypted() throws IOException {
        return receiver.decryptWithAd(new byte[0], readFrame());
    }

    /** Whether the server closes (or resets) the connection within {@code timeout}, discarding what it sends. */
    boolean closedByPeerWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (EOFException | SocketException e) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
