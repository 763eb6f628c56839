package io.pangea.api.conntrack;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One connection, direction-normalised.
 *
 * @param id a 64-bit id derived from the 4-tuple, equal whichever direction a packet was seen in
 */
public record TrackedConnection(long id, String protocol, InetSocketAddress local, InetSocketAddress remote,
                                long packets, long bytes, Instant firstSeen, Instant lastSeen) {
}
