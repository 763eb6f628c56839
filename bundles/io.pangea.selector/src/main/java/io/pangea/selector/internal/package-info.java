/**
 * The selector: {@link io.pangea.selector.internal.SelectionPolicy} decides, from the registered candidates,
 * the hardware facts and the operator's override, which provider of a capability is active; the DS component
 * {@link io.pangea.selector.internal.SelectorComponent} feeds it with service events and configuration and
 * hands the active providers out as leases.
 */
package io.pangea.selector.internal;
