package io.pangea.bpf;

import io.pangea.bpf.internal.Libbpf;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Runs code inside a named network namespace ({@code ip netns add NAME}, i.e. {@code /var/run/netns/NAME}).
 * <p>
 * The code runs on a thread of its own that enters the namespace first ({@code setns(CLONE_NEWNET)}) and ends
 * with the code: no other thread of the JVM, and no pooled thread, ever changes namespace. What the code
 * creates there keeps living in that namespace after it returns and may be used from any thread: sockets
 * (bound to the namespace's addresses), XDP links ({@link BpfProgram#attachXdp} takes an ifindex of the
 * namespace it is called in), and so does {@link Bpf#xdpAttachment} answer for that namespace's interfaces.
 * Only the thread moves, not the process: what reads {@code /proc/net} or {@code /proc/self} (among them
 * {@link java.net.NetworkInterface}) still sees the JVM's namespace; {@code /proc/thread-self/net} is the
 * thread's. Entering a namespace needs CAP_SYS_ADMIN.
 */
public final class NetworkNamespace {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");

    private NetworkNamespace() {
    }

    /**
     * Runs {@code task} in network namespace {@code name} and returns its result, or throws what it threw.
     *
     * @throws IllegalArgumentException when {@code name} is not a plain namespace name
     * @throws BpfException when the namespace cannot be entered (there is none of that name, no rights)
     * @throws InterruptedException when interrupted while waiting for the task (which then runs on)
     */
    public static <T> T run(String name, Callable<T> task) throws Exception {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a network namespace name: " + name);
        }
        Libbpf.requireLoaded();
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread thread = new Thread(() -> {
            try {
                Libbpf.enterNetworkNamespace(name);
                result[0] = task.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "network namespace " + name);
        thread.setDaemon(true);
        thread.start();
        thread.join();
        if (failure[0] instanceof Exception e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
