/**
 * The guard capability: admission of peers' packets to the node's own ports by allow and deny rules. The
 * rules live outside the providers so that a swap keeps them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.guard;
