package io.pangea.transport.tcp.internal;

import io.pangea.p2p.wire.WireFormatException;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The Noise {@code HandshakeState} of {@value #PROTOCOL_NAME}, pattern XX, without I/O and without libp2p:
 *
 * <pre>
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * </pre>
 *
 * The caller alternates {@link #writeMessage} and {@link #readMessage} as {@link #isWriteTurn()} says, then takes the
 * transport {@link #split()}. The ephemeral key can be fixed for test vectors; otherwise it is generated when the
 * first message that needs it is written. Messages are limited to {@value #MAX_MESSAGE_LENGTH} bytes, the Noise
 * limit.
 *
 * <p>Not thread-safe: one instance per connection handshake.
 */
final class NoiseXxHandshake {
    static final String PROTOCOL_NAME = "Noise_XX_25519_ChaChaPoly_SHA256";
    static final int MAX_MESSAGE_LENGTH = 65535;
    private static final int DH_LENGTH = X25519.KEY_LENGTH;
    private static final int ENCRYPTED_KEY_LENGTH = DH_LENGTH + NoiseCipherState.TAG_LENGTH;

    enum Role { INITIATOR, RESPONDER }

    /** The transport cipher states of one side. */
    record TransportKeys(NoiseCipherState sender, NoiseCipherState receiver) {
    }

    private final Role role;
    private final NoiseSymmetricState symmetric = new NoiseSymmetricState(PROTOCOL_NAME);
    private final X25519.KeyPair staticKey;
    private final SecureRandom random;
    private X25519.KeyPair ephemeral;
    private byte[] remoteEphemeral;
    private byte[] remoteStatic;
    private int message;
    private boolean failed;

    /**
     * @param ephemeral the ephemeral key pair to use, or null to generate one (tests fix it for vectors)
     */
    NoiseXxHandshake(Role role, X25519.KeyPair staticKey, byte[] prologue, X25519.KeyPair ephemeral,
                     SecureRandom random) {
        this.role = role;
        this.staticKey = staticKey;
        this.ephemeral = ephemeral;
        this.random = random;
        symmetric.mixHash(prologue);
    }

    Role role() {
        return role;
    }

    /** Whether the next step is {@link #writeMessage} (else {@link #readMessage}). */
    boolean isWriteTurn() {
        return (message % 2 == 0) == (role == Role.INITIATOR);
    }

    boolean isComplete() {
        return message == 3;
    }

    /** The remote static public key, once received (message 2 for the initiator, 3 for the responder). */
    byte[] remoteStaticKey() {
        return remoteStatic == null ? null : remoteStatic.clone();
    }

    byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    byte[] writeMessage(byte[] payload) {
        checkStep(true);
        byte[] out;
        try {
            out = switch (message) {
                case 0 -> concat(writeEphemeral(), symmetric.encryptAndHash(payload));
                case 1 -> {
                    byte[] e = writeEphemeral();
                    symmetric.mixKey(dh(ephemeral, remoteEphemeral));
                    byte[] s = symmetric.encryptAndHash(staticKey.publicKey());
                    symmetric.mixKey(dh(staticKey, remoteEphemeral));
                    yield concat(e, s, symmetric.encryptAndHash(payload));
                }
                default -> {
                    byte[] s = symmetric.encryptAndHash(staticKey.publicKey());
                    symmetric.mixKey(dh(staticKey, remoteEphemeral));
                    yield concat(s, symmetric.encryptAndHash(payload));
                }
            };
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
        if (out.length > MAX_MESSAGE_LENGTH) {
            failed = true;
            throw new IllegalArgumentException("Noise handshake message of " + out.length + " bytes exceeds "
                    + MAX_MESSAGE_LENGTH);
        }
        message++;
        return out;
    }

    /**
     * Processes the peer's next message and returns its payload.
     *
     * @throws WireFormatException if the message is truncated, oversized or does not authenticate, or a key
     *                             agreement fails; the handshake is then over
     */
    byte[] readMessage(byte[] in) {
        checkStep(false);
        try {
            if (in.length > MAX_MESSAGE_LENGTH) {
                throw new WireFormatException("Noise handshake message of " + in.length + " bytes exceeds "
                        + MAX_MESSAGE_LENGTH);
            }
            byte[] payload = switch (message) {
                case 0 -> {
                    require(in, DH_LENGTH, "first");
                    readEphemeral(in);
                    yield symmetric.decryptAndHash(Arrays.copyOfRange(in, DH_LENGTH, in.length));
                }
                case 1 -> {
                    require(in, DH_LENGTH + ENCRYPTED_KEY_LENGTH + NoiseCipherState.TAG_LENGTH, "second");
                    readEphemeral(in);
                    symmetric.mixKey(dh(ephemeral, remoteEphemeral));
                    remoteStatic = symmetric.decryptAndHash(
                            Arrays.copyOfRange(in, DH_LENGTH, DH_LENGTH + ENCRYPTED_KEY_LENGTH));
                    symmetric.mixKey(dh(ephemeral, remoteStatic));
                    yield symmetric.decryptAndHash(
                            Arrays.copyOfRange(in, DH_LENGTH + ENCRYPTED_KEY_LENGTH, in.length));
                }
                default -> {
                    require(in, ENCRYPTED_KEY_LENGTH + NoiseCipherState.TAG_LENGTH, "third");
                    remoteStatic = symmetric.decryptAndHash(Arrays.copyOfRange(in, 0, ENCRYPTED_KEY_LENGTH));
                    symmetric.mixKey(dh(ephemeral, remoteStatic));
                    yield symmetric.decryptAndHash(Arrays.copyOfRange(in, ENCRYPTED_KEY_LENGTH, in.length));
                }
            };
            message++;
            return payload;
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * The transport keys: the initiator sends with the first cipher state of Split() and receives with the second.
     */
    TransportKeys split() {
        if (!isComplete()) {
            throw new IllegalStateException("the Noise handshake is not complete");
        }
        NoiseCipherState[] pair = symmetric.split();
        return role == Role.INITIATOR ? new TransportKeys(pair[0], pair[1]) : new TransportKeys(pair[1], pair[0]);
    }

    private byte[] writeEphemeral() {
        if (ephemeral == null) {
            ephemeral = X25519.generate(random);
        }
        byte[] e = ephemeral.publicKey();
        symmetric.mixHash(e);
        return e;
    }

    private void readEphemeral(byte[] in) {
        remoteEphemeral = Arrays.copyOf(in, DH_LENGTH);
        symmetric.mixHash(remoteEphemeral);
    }

    private void checkStep(boolean writing) {
        if (failed) {
            throw new IllegalStateException("the Noise handshake failed earlier");
        }
        if (isComplete()) {
            throw new IllegalStateException("the Noise handshake is complete");
        }
        if (isWriteTurn() != writing) {
            throw new IllegalStateException("Noise XX message " + (message + 1) + " is the "
                    + (writing ? "peer's" : "own") + " to send");
        }
    }

    private static void require(byte[] in, int minimum, String which) {
        if (in.length < minimum) {
            throw new WireFormatException("Noise " + which + " handshake message has " + in.length
                    + " bytes, fewer than the " + minimum + " it must hold");
        }
    }

    private static byte[] dh(X25519.KeyPair own, byte[] remotePublic) {
        try {
            return X25519.dh(own.privateKey(), remotePublic);
        } catch (GeneralSecurityException e) {
            throw new WireFormatException("Noise key agreement failed: " + e.getMessage(), e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
