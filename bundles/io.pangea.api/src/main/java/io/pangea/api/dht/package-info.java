/**
 * The DHT capability: peer and provider discovery. The record source lets the node answer provider queries
 * from what it really stores.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.dht;
