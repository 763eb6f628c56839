package io.pangea.guard.userspace.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the user-space guard keeps state (etc/io.pangea.guard.userspace.cfg). The rules come from its caller. */
@ObjectClassDefinition(name = "Pangea guard: user space",
        description = "Admits or refuses connections to the node's own ports in the JVM, before a byte is read")
@interface UserspaceGuardConfiguration {
    @AttributeDefinition(description = "false: only count what would be refused, refuse nothing (to try rules out)")
    boolean enforce() default true;

    @AttributeDefinition(description = "Sources the rate limit follows at once; idle ones are forgotten first")
    int rateSources() default 65536;
}
