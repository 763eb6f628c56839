/**
 * The Pangea capability model.
 *
 * <p>Every capability of a node (compression, cipher, erasure code, storage engine, transport, DHT, guard,
 * conntrack) is a Java interface in a sub-package of this one. A provider bundle implements one of them and
 * registers it as an OSGi service carrying the {@link io.pangea.api.ProviderProperties} — best written with the
 * {@link io.pangea.api.PangeaProvider} component property type. Consumers never name a provider: they lease the
 * active one from {@link io.pangea.api.selection.ProviderSelector}, which picks the best eligible provider from
 * the ranking, the hardware facts ({@link io.pangea.api.facts.HardwareFacts}) and the operator's override.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.pangea.api;
