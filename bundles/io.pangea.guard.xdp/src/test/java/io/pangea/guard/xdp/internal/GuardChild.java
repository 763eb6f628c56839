package io.pangea.guard.xdp.internal;

import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRules;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that runs the guard and waits to be killed: {@code GuardChild <interface> <ifindex> <generic|native>}.
 * Prints {@code guarding} once attached with rules; exits by itself after a minute at the latest.
 */
public final class GuardChild {
    private GuardChild() {
    }

    public static void main(String[] arguments) throws Exception {
        XdpGuard guard = XdpGuard.start(
                List.of(new GuardInterfaces.Interface(arguments[0], Integer.parseInt(arguments[1]))),
                AttachMode.parse(arguments[2]), GuardProgram.Settings.DEFAULT);
        guard.apply(new GuardRules(GuardMode.ALLOW_LIST, Set.of(AddressPrefix.parse("198.51.100.10")), Set.of(),
                Set.of(7000), 0));
        System.out.println("guarding");
        System.out.flush();
        TimeUnit.MINUTES.sleep(1);
    }
}
