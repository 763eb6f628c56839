package io.pangea.guard.xdp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Where and how the XDP guard attaches (etc/io.pangea.guard.xdp.cfg). The rules come from the guard's caller. */
@ObjectClassDefinition(name = "Pangea guard: XDP",
        description = "Admits or drops packets to the node's own ports in the driver (eBPF XDP); other ports and "
                + "protocols are never touched")
@interface XdpGuardConfiguration {
    @AttributeDefinition(description = "Interfaces to guard, for example eth0; empty: the interfaces the IPv4 and "
            + "IPv6 default routes leave through")
    String[] interfaces() default {};

    @AttributeDefinition(description = "Network namespace (as ip netns names it: /var/run/netns/NAME) whose "
            + "interfaces are guarded; empty: the node's own. Entering one needs CAP_SYS_ADMIN")
    String namespace() default "";

    @AttributeDefinition(description = "native runs in the driver (fastest, the driver must support it), generic "
            + "after the socket buffer is built (every interface), auto is native where possible",
            options = {@Option(label = "auto", value = "auto"), @Option(label = "native", value = "native"),
                    @Option(label = "generic", value = "generic")})
    String mode() default "auto";

    @AttributeDefinition(description = "false: only count what would be dropped, drop nothing (to try rules out)")
    boolean enforce() default true;

    @AttributeDefinition(description = "Capacity of each rule set (allow and deny, IPv4 and IPv6 apart)")
    int maxRules() default 65536;

    @AttributeDefinition(description = "Sources the rate limit follows at once; the least recent are forgotten")
    int rateSources() default 65536;
}
