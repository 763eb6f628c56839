/**
 * Hardware and platform facts, each with the evidence it was read from, and the requirement expressions
 * providers state against them. The capability probe publishes {@link io.pangea.api.facts.HardwareFacts};
 * configuration can mask any fact so that every fallback path can be exercised on a machine that has the
 * feature.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.facts;
