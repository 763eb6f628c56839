/**
 * The guard rules, kept outside the guard providers so that a swap keeps them.
 * {@link io.pangea.guard.rules.internal.RuleBookCore} holds the rules, changes them and applies them to every
 * guard it knows; {@link io.pangea.guard.rules.internal.RuleProperties} turns them into configuration properties
 * and back; {@link io.pangea.guard.rules.internal.GuardRulesComponent} is the thin DS layer: it tracks every
 * service with {@code pangea.capability=guard} (active or not, so whichever guard becomes active already has
 * the rules) and persists each change through ConfigurationAdmin (PID {@code io.pangea.guard.rules}, in Karaf
 * {@code etc/io.pangea.guard.rules.cfg}).
 *
 * <p>Ports: the rules cover only the node's own ports, and no transport announces its ports yet, so the default
 * is no port at all (the guards then touch no traffic). Until the transport tells, the operator names them in
 * the {@code ports} property, e.g. {@code ports = 4001, 4002}.
 */
package io.pangea.guard.rules.internal;
