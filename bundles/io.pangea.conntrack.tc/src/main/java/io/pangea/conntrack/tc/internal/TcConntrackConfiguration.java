package io.pangea.conntrack.tc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the TC conntrack programs attach and how much they keep (etc/io.pangea.conntrack.tc.cfg). */
@ObjectClassDefinition(name = "Pangea conntrack: TC eBPF",
        description = "Tracks the node's TCP and UDP connections in the kernel, at the TC ingress and egress hooks")
@interface TcConntrackConfiguration {
    @AttributeDefinition(description = "Interfaces to track, for example eth0, lo; empty: every interface that is "
            + "up and has an address, and lo (where a node tested on 127.0.0.1 talks; only its egress is hooked, "
            + "so nothing counts twice)")
    String[] interfaces() default {};

    @AttributeDefinition(description = "Connections the kernel table holds at once; the least recently used go "
            + "first when it is full", min = "1")
    int maxConnections() default 65536;

    @AttributeDefinition(description = "Seconds without a packet after which a connection leaves the table",
            min = "1")
    long idleTimeoutSeconds() default 300;

    @AttributeDefinition(description = "Track only connections with one of these ports at either end (at most "
            + ConntrackProgram.MAX_PORTS + "); empty: every port")
    int[] ports() default {};
}
