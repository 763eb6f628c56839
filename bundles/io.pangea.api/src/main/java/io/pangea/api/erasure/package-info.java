/**
 * The erasure capability: systematic Reed-Solomon style coding of K data shards into M parity shards, any
 * K of which rebuild the rest. Providers of one codec id produce identical shards.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.erasure;
