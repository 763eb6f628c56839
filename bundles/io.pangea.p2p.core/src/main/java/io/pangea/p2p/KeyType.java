package io.pangea.p2p;

import io.pangea.p2p.wire.WireFormatException;

/** The libp2p {@code KeyType} enum of the {@code PublicKey} and {@code PrivateKey} protobufs. */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int number;

    KeyType(int number) {
        this.number = number;
    }

    /** The protobuf enum value. */
    public int number() {
        return number;
    }

    /** @throws WireFormatException for a value libp2p does not define */
    public static KeyType fromNumber(int number) {
        for (KeyType type : values()) {
            if (type.number == number) {
                return type;
            }
        }
        throw new WireFormatException("unknown libp2p key type " + number);
    }
}
