/** Pangea transport: QUIC (being built). */
package io.pangea.transport.quic.internal;
