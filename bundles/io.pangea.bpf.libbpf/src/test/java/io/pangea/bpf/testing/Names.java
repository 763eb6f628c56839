package io.pangea.bpf.testing;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the test namespaces and interfaces: {@code pgk<pid hex><role><n>}, at most 15 characters (IFNAMSIZ),
 * so that leftovers of a killed test JVM are recognised by the pid in their name and removed.
 */
public final class Names {
    static final Pattern OURS = Pattern.compile("pgk([0-9a-f]{6})[a-z][0-9]{1,3}");
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Names() {
    }

    /** A fresh name for a namespace or interface with role {@code n}ode, {@code p}eer, … */
    public static String next(char role) {
        return String.format("pgk%06x%c%d", ProcessHandle.current().pid() & 0xffffff, role, NEXT.incrementAndGet() % 1000);
    }

    static String namespace(String role) {
        return next(role.charAt(0));
    }

    /** Whether {@code name} is a test name whose JVM is gone. */
    static boolean stale(String name) {
        Matcher matcher = OURS.matcher(name);
        if (!matcher.matches()) {
            return false;
        }
        long pid = Long.parseLong(matcher.group(1), 16);
        return pid != (ProcessHandle.current().pid() & 0xffffff) && ProcessHandle.of(pid).isEmpty();
    }
}
