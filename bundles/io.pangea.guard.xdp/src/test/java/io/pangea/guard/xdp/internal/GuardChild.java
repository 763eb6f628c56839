package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;
import io.pangea.bpf.NetworkNamespace;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that runs the guard and waits to be killed: {@code GuardChild <namespace> <interface> <ifindex> <generic|native>}, attached inside that network namespace.
 * Prints {@code guarding} once attached with rules; exits by itself after a minute at the latest.
 */
public final class GuardChild {
    private GuardChild() {
    }

    public static void main(String[] arguments) throws Exception {
        XdpGuard guard = NetworkNamespace.run(arguments[0], () -> XdpGuard.start(
                List.of(new GuardInterfaces.Interface(arguments[1], Integer.parseInt(arguments[2]))),
                AttachMode.parse(arguments[3]), GuardProgram.Settings.DEFAULT));
        guard.apply(new GuardRules(GuardMode.ALLOW_LIST, Set.of(AddressPrefix.parse("198.51.100.10")), Set.of(),
                Set.of(7000), 0));
        System.out.println("guarding");
        System.out.flush();
        TimeUnit.MINUTES.sleep(1);
    }
}
