/** Implementation details: JDK Ed25519 conversions, the key file, IP literal text, strict UTF-8, SHA-256. */
package io.pangea.p2p.internal;
