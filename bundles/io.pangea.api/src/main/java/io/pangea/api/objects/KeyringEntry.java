package io.pangea.api.objects;

import java.time.Instant;
import java.util.Objects;

/**
 * One read capability the node keeps, with what the owner knows of the file.
 *
 * @param name   the name given at put (the source's file name by default)
 * @param size   the file's length in bytes
 * @param stored when the put finished
 */
public record KeyringEntry(ReadCapability capability, String name, long size, Instant stored) {
    public KeyringEntry {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stored, "stored");
    }

    public String fileIdHex() {
        return capability.fileIdHex();
    }
}
