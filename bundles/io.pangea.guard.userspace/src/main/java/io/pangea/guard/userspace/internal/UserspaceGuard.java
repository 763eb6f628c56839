package io.pangea.guard.userspace.internal;

import io.pangea.api.PangeaProvider;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardRules;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.net.InetSocketAddress;
import java.util.function.LongSupplier;

/**
 * The guard in the JVM: the node's transports ask it, on accepting a connection and before reading a byte, whether
 * the peer may talk to them. Needs no rights and no kernel feature, so it is always eligible, ranked below the
 * XDP guard, which drops the same traffic before it costs a socket. Same rules, same meaning: codec guard-v1.
 */
@Component(name = UserspaceGuard.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = "service.ranking:Integer=10")
@PangeaProvider(capability = "guard", provider = "userspace", codec = UserspaceGuard.CODEC)
@Designate(ocd = UserspaceGuardConfiguration.class)
public class UserspaceGuard implements Guard {
    static final String PID = "io.pangea.guard.userspace";
    /** The meaning of GuardRules both guards enforce alike: longest prefix wins, deny wins a tie. */
    static final String CODEC = "guard-v1";

    private final GuardPolicy policy;

    @Activate
    public UserspaceGuard(UserspaceGuardConfiguration configuration) {
        this(configuration.rateSources(), configuration.enforce(), System::nanoTime);
    }

    /** Outside DS: for tests, and for the XDP guard's benchmark, which measures this guard against its own. */
    public UserspaceGuard(int rateSources, boolean enforce, LongSupplier clock) {
        this.policy = new GuardPolicy(rateSources, enforce, clock);
    }

    @Override
    public void apply(GuardRules rules) {
        policy.apply(rules);
    }

    @Override
    public GuardCounters counters() {
        return policy.counters();
    }

    /**
     * Judges a peer that connected (or sent a datagram) to {@code localPort} and counts the verdict. False: close
     * the connection without reading from it. Ports that are not the node's are always admitted, uncounted.
     */
    @Override
    public boolean admits(InetSocketAddress remote, int localPort) {
        return policy.admit(remote.getAddress(), localPort);
    }

    @Override
    public String toString() {
        return policy.toString();
    }
}
