/**
 * The conntrack capability: the node's connections with their traffic counters, and a stream of new ones.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.pangea.api.conntrack;
