/**
 * The cipher capability: authenticated encryption (AEAD) of segments over byte buffers. Keys and nonces
 * are plain bytes so that providers of the same codec id (native, pure Java) are interchangeable byte for byte.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.pangea.api.cipher;
