package io.pangea.dht.kad.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Kademlia DHT (etc/io.pangea.dht.kad.cfg). */
@ObjectClassDefinition(name = "Pangea DHT: Kademlia", description = "/ipfs/kad/1.0.0 over the active transport")
@interface KadConfiguration {
    @AttributeDefinition(description = "Peers to join through, as multiaddrs ending in /p2p/<peer-id>, "
            + "e.g. /ip4/192.0.2.1/tcp/4001/p2p/12D3KooW...")
    String[] bootstrapPeers() default {};

    @AttributeDefinition(description = "server: answers queries and may enter others' routing tables; "
            + "client: only queries")
    String mode() default "server";

    @AttributeDefinition(description = "Bucket size and replication factor k")
    int k() default 20;

    @AttributeDefinition(description = "Concurrent requests per lookup (alpha)")
    int alpha() default 3;

    @AttributeDefinition(description = "Seconds one request (stream, request, response) may take")
    int requestTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds one dial (connect and upgrade) may take")
    int dialTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Minutes a provider record announced by another peer is kept")
    int providerExpiryMinutes() default 48 * 60;

    @AttributeDefinition(description = "Minutes between re-announcements of what this node provides")
    int providerRepublishMinutes() default 22 * 60;

    @AttributeDefinition(description = "Seconds between bootstrap attempts while the routing table is empty")
    int bootstrapRetrySeconds() default 60;
}
