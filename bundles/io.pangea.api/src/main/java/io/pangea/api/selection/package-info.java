/**
 * The selection contract: for each capability, the best eligible provider by ranking is active unless the
 * operator's override names another eligible one. Consumers lease the active provider for one operation; a
 * provider leaving mid-operation does not disturb a lease already taken, and the next lease gets the next best.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.pangea.api.selection;
