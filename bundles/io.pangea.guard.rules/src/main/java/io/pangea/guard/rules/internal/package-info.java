/**
 * The guard rules, kept outside the guard providers so that a swap keeps them.
 * {@link io.pangea.guard.rules.internal.RuleBookCore} holds the rules, changes them and applies them to every
 * guard it knows; {@link io.pangea.guard.rules.internal.RuleProperties} turns them into configuration properties
 * and back; {@link io.pangea.guard.rules.internal.GuardRulesComponent} is the thin DS layer: it tracks every
 * service with {@code pangea.capability=guard} (active or not, so whichever guard becomes active already has
 * the rules) and persists each change through ConfigurationAdmin (PID {@code io.pangea.guard.rules}, in Karaf
 * {@code etc/io.pangea.guard.rules.cfg}).
 *
 * <p>Ports: the rules cover only the node's own ports. They are the ports the node's transports listen on — the
 * component tracks every {@link io.pangea.api.transport.Transport} service and reads the {@code tcp} and {@code udp}
 * ports of its listen addresses ({@link io.pangea.guard.rules.internal.ListenPorts}) — plus those the operator names
 * in the {@code ports} property (e.g. a port a reverse proxy forwards). The transports' ports are never persisted:
 * they come and go with the transports, and a transport leaving takes away only the ports it alone brought.
 */
package io.pangea.guard.rules.internal;
