/**
 * Objects: files put into the node and read back bit for bit.
 *
 * <p>An {@link io.pangea.api.objects.ObjectStore} cuts a file into segments; each segment is compressed, sealed
 * with an AEAD under a key derived from a random per-file key, and cut into K data and M parity shards. The
 * owner names the file by its {@linkplain io.pangea.api.objects.ReadCapability read capability}: the file id
 * (SHA-256 of the plaintext) and the file key. Shards and the sealed manifest are stored under a storage index
 * derived from both, never under the file id. Every segment records the codec ids it was written with, so
 * reading leases providers by codec and works whatever providers are active by then.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.objects;
