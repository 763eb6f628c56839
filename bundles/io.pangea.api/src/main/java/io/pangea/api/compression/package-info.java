/**
 * The compression capability: block compression over byte buffers and streaming compression over
 * streams. The codec id is recorded with every compressed segment so a reader finds a provider that can read it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.compression;
