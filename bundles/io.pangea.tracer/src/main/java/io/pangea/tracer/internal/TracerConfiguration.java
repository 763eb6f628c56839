package io.pangea.tracer.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What the tracer watches and how much it reports (etc/io.pangea.tracer.cfg). */
@ObjectClassDefinition(name = "Pangea tracer",
        description = "Counts TCP retransmissions, state changes and resets in the kernel (eBPF tp_btf) and "
                + "reports them as metrics")
@interface TracerConfiguration {
    @AttributeDefinition(description = "false: load nothing into the kernel; the metrics say the tracer is off")
    boolean enabled() default true;

    @AttributeDefinition(description = "Count only sockets whose local port is one of these (the node's own ports, "
            + "at most " + TracerProgram.MAX_PORTS + "); empty: every TCP socket of the machine")
    int[] ports() default {};

    @AttributeDefinition(description = "How many of the most retransmitting remote ends the metrics name "
            + "(0 to " + TracerMetrics.MAX_TOP_REMOTES + ")")
    int topRemotes() default 10;

    @AttributeDefinition(description = "Remote ends whose retransmissions the kernel keeps apart; the least "
            + "recently retransmitting are forgotten first")
    int remoteTable() default 4096;
}
