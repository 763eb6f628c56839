package io.pangea.guard.rules.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The guard rules (etc/io.pangea.guard.rules.cfg), applied to every guard provider. The guard:* shell commands
 * write it; editing the file by hand works as well. Lists are comma-separated.
 */
@ObjectClassDefinition(name = "Pangea guard rules",
        description = "Allow and deny prefixes, mode, the node's ports and a per-source rate limit, applied to every guard")
@interface GuardRulesConfiguration {
    @AttributeDefinition(description = "allow-list: only allowed sources pass; deny-list: all but denied sources pass")
    String mode() default "deny-list";

    @AttributeDefinition(description = "Allowed prefixes, comma-separated (198.51.100.0/24, 2001:db8::/32, 192.0.2.7)")
    String allow() default "";

    @AttributeDefinition(description = "Denied prefixes, comma-separated")
    String deny() default "";

    @AttributeDefinition(description = "Ports of the node's to guard besides those its transports listen on "
            + "(which are always guarded), comma-separated; traffic to other ports is never touched.")
    String ports() default "";

    @AttributeDefinition(description = "Packets per second one source may send to those ports; 0 = no limit")
    long rate() default 0;
}
