/**
 * The storage-engine capability: asynchronous reads and crash-safe (atomic) writes of shard files.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.storage;
