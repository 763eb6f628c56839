package io.pangea.api.objects;

import org.osgi.annotation.versioning.ProviderType;

import java.nio.file.Path;
import java.util.List;

/**
 * Puts files into the node, rebuilds them and checks their shards. Every method blocks until its work is done;
 * the CPU work runs on the store's own threads. A failed put leaves no part of the object behind and a failed
 * get no output file.
 */
@ProviderType
public interface ObjectStore {

    /**
     * Stores {@code source} and keeps its read capability in the node's keyring. A file already in the keyring
     * with the same shape (K, M) is not stored again: its capability is returned.
     *
     * @throws ObjectStoreException {@link ObjectStoreException.Kind#NOT_FOUND} when the source is missing,
     *                              {@link ObjectStoreException.Kind#NO_SPACE} when the disk fills up,
     *                              {@link ObjectStoreException.Kind#CHANGED} when the file changed while it was
     *                              read, and so on; nothing of the object is left behind
     * @throws IllegalArgumentException when the options are not valid (K + M too large, level out of range)
     */
    ReadCapability put(Path source, PutOptions options, ProgressListener progress) throws ObjectStoreException;

    /**
     * Rebuilds the file into {@code output}, through a temporary file beside it that is renamed when the whole
     * file is there and its SHA-256 equals the file id.
     *
     * @param output  the file to write, or an existing directory to write into under the stored name
     * @param replace whether an existing output file may be replaced
     * @return the file written
     */
    Path get(ReadCapability capability, Path output, boolean replace, ProgressListener progress)
            throws ObjectStoreException;

    /**
     * Reads every shard of the object and checks its header and hash against the sealed manifest. A bad shard
     * of a segment that still has K good ones is rebuilt from them (and rewritten when {@code repair} is set).
     */
    VerifyReport verify(ReadCapability capability, boolean repair, ProgressListener progress)
            throws ObjectStoreException;

    /** The node's keyring, oldest first. */
    List<KeyringEntry> list() throws ObjectStoreException;

    /**
     * The read capability an operator named: its text form ({@code pangea:<file id>:<key>}), or a file id — all
     * 64 hex digits or an unambiguous prefix of at least 8 — that is in the keyring.
     *
     * @throws IllegalArgumentException when the text is neither, or the prefix is ambiguous
     * @throws ObjectStoreException     {@link ObjectStoreException.Kind#NOT_FOUND} when the file id is not in the
     *                                  keyring
     */
    ReadCapability resolve(String capabilityOrFileId) throws ObjectStoreException;
}
