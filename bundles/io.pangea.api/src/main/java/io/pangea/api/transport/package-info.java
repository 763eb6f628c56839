/**
 * The transport capability: authenticated, multiplexed connections between peers, named by libp2p
 * multiaddrs and peer ids. No library types (Netty or other) appear here: a transport can be swapped live.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package io.pangea.api.transport;
