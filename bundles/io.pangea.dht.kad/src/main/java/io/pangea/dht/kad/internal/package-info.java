/**
 * The Kademlia core of {@code /ipfs/kad/1.0.0}, transport-free.
 *
 * <p>{@link io.pangea.dht.kad.internal.KadMessage} is the wire protobuf (strict, bounded decoding on
 * {@code io.pangea.p2p.wire}); {@link io.pangea.dht.kad.internal.KadId} is the SHA-256 keyspace with XOR distance;
 * {@link io.pangea.dht.kad.internal.RoutingTable} holds k-buckets by common-prefix length with ping-checked
 * eviction; {@link io.pangea.dht.kad.internal.Lookup} runs iterative queries with α in flight;
 * {@link io.pangea.dht.kad.internal.KadRequestHandler} answers inbound requests in server mode.
 * {@link io.pangea.dht.kad.internal.KadNode} ties them together and implements {@link io.pangea.api.dht.Dht}.
 *
 * <p>Routing/storage split: the node routes by itself, but it vouches as a provider only for what the
 * {@link io.pangea.api.dht.ProviderRecordSource} whiteboard services say is really on disk; announcements by other
 * peers live in the expiring {@link io.pangea.dht.kad.internal.ProviderStore}.
 *
 * <p>All messaging goes through {@link io.pangea.dht.kad.internal.KadNetwork}, so the same code runs on the in-memory
 * network of the tests and, through {@link io.pangea.dht.kad.internal.TransportKadNetwork}, over the node's
 * {@link io.pangea.api.transport.Transport}s ({@link io.pangea.dht.kad.internal.KadTransports}): the one the selector
 * has active first, then any other that supports a peer's address; connections are cached per peer until they close.
 * {@link io.pangea.dht.kad.internal.KadService} builds a node on them (its id read from the listen addresses, its
 * addresses those of every transport) and {@link io.pangea.dht.kad.internal.KadDhtComponent} publishes it as the
 * {@code dht} provider {@code kad}, tracking the transports as they come and go (a swap never restarts the node),
 * serving inbound streams with {@link io.pangea.dht.kad.internal.KadProtocolHandler}.
 */
package io.pangea.dht.kad.internal;
