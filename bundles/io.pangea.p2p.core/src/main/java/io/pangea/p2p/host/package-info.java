/**
 * What every libp2p host of a Pangea node does alike, whatever carries its streams (TCP with Noise and Yamux, QUIC):
 * the table of protocols served on inbound streams ({@link io.pangea.p2p.host.ProtocolRegistry}), the Identify
 * message ({@link io.pangea.p2p.host.IdentifyMessage}) and the window of recent pings a connection's quality is
 * computed from ({@link io.pangea.p2p.host.PingWindow}), and the addresses Identify announces
 * ({@link io.pangea.p2p.host.NodeAddresses}), the guard check on new sources ({@link io.pangea.p2p.host.NodeGuard})
 * and the checks before a dial ({@link io.pangea.p2p.host.Dialing}), and the executor that completes futures off the
 * event loops ({@link io.pangea.p2p.host.CallbackExecutor}). No I/O here: each transport runs the exchanges on its own
 * streams and imports these so that the two never drift apart.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.3.0")
package io.pangea.p2p.host;
