package io.pangea.api.dht;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: tells the DHT whether this node really holds what a key names, so provider answers and
 * republishing come from the shards on disk rather than from a separate database.
 */
@ConsumerType
public interface ProviderRecordSource {
    boolean holds(byte[] key);
}
