package io.pangea.api.objects;

import java.io.IOException;

/** An object operation failed; {@link #kind()} says how, the message says what and where. */
public class ObjectStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    /** How an operation failed. */
    public enum Kind {
        /** The source file, the object or the keyring entry does not exist. */
        NOT_FOUND,
        /** The key of the capability is not the key of the file. */
        WRONG_KEY,
        /** The manifest or a segment is damaged beyond use. */
        CORRUPTED,
        /** A segment has fewer than K intact shards. */
        UNRECOVERABLE,
        /** The disk (or quota) is full. */
        NO_SPACE,
        /** The output exists and replacing it was not asked for. */
        EXISTS,
        /** The source file changed while it was being stored. */
        CHANGED,
        /** No provider of a capability or codec the operation needs is installed and eligible. */
        NO_PROVIDER,
        /** The operation was interrupted. */
        CANCELLED,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;

    public ObjectStoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ObjectStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
