package io.pangea.conntrack.proc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the /proc conntrack provider polls (etc/io.pangea.conntrack.proc.cfg). */
@ObjectClassDefinition(name = "Pangea conntrack: /proc",
        description = "Tracks the node's TCP and connected UDP sockets by polling /proc/net")
@interface ProcConntrackConfiguration {
    @AttributeDefinition(description = "Milliseconds between two scans while anything watches for new connections",
            min = "10")
    long intervalMillis() default 500;
}
