package io.pangea.itest;

import io.pangea.api.Capability;
import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardCounters;
import io.pangea.api.guard.GuardMode;
import io.pangea.api.guard.GuardRuleBook;
import io.pangea.api.selection.Lease;
import io.pangea.api.selection.ProviderSelector;
import io.pangea.api.selection.ProviderStatus;
import io.pangea.bpf.Bpf;
import io.pangea.bpf.NetworkNamespace;
import io.pangea.bpf.XdpAttachment;
import io.pangea.bpf.testing.KernelTests;
import io.pangea.bpf.testing.VethPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import java.io.File;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot swap XDP ↔ user space keeps the guard rules. The XDP guard runs for real: the test installs its bundle
 * once the configuration points it at the node end of a veth pair between two namespaces of the test's own (so it
 * never attaches to an interface of the host), sends UDP from TEST-NET sources in the peer namespace and reads what
 * the kernel did from the guard's counters. Masking the eBPF rights makes the user-space guard active, which then
 * answers {@code admits} by the same rules; unmasking, stopping and starting, uninstalling and installing the XDP
 * bundle bring the XDP guard back, enforcing the rules it never saw set.
 */
class GuardSwapTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final String XDP_PID = "io.pangea.guard.xdp";
    private static final String NODE = "198.51.100.1";
    private static final String GOOD = "198.51.100.10";
    private static final String BAD = "198.51.100.66";
    private static final String UNKNOWN = "198.51.100.130";
    private static final int NODE_PORT = 7000;
    private static final int OTHER_PORT = 7001;
    private static final int BURST = 20;

    private static BundleContext context;
    private static ServiceTracker<ProviderSelector, ProviderSelector> selectors;
    private static ServiceTracker<GuardRuleBook, GuardRuleBook> books;
    private static ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configurationAdmins;
    private static VethPair veth;
    private static Bundle xdpBundle;

    @BeforeAll
    static void network() throws Exception {
        KernelTests.assume();
        context = FrameworkUtil.getBundle(GuardSwapTest.class).getBundleContext();
        selectors = open(ProviderSelector.class);
        books = open(GuardRuleBook.class);
        configurationAdmins = open(ConfigurationAdmin.class);
        veth = VethPair.isolated();
        veth.nodeAddress(NODE + "/24");
        for (String source : List.of(GOOD, BAD, UNKNOWN)) {
            veth.peerAddress(source + "/24");
            veth.nodeNeighbour(source, veth.peerMac());
        }
        veth.peerNeighbour(NODE, veth.nodeMac());
    }

    @AfterAll
    static void restore() throws Exception {
        try {
            if (xdpBundle != null && xdpBundle.getState() != Bundle.UNINSTALLED) {
                xdpBundle.uninstall();
            }
            if (configurationAdmins != null) {
                mask("");
                Configuration xdp = configurationAdmins.getService().getConfiguration(XDP_PID, "?");
                xdp.delete();
            }
            if (books != null) {
                GuardRuleBook book = books.getService();
                book.setMode(GuardMode.DENY_LIST);
                for (AddressPrefix prefix : Set.copyOf(book.rules().allow())) {
                    book.remove(prefix);
                }
                for (AddressPrefix prefix : Set.copyOf(book.rules().deny())) {
                    book.remove(prefix);
                }
                book.setPorts(Set.of());
            }
        } finally {
            if (veth != null) {
                veth.close();
            }
            for (ServiceTracker<?, ?> tracker : new ServiceTracker<?, ?>[]{selectors, books, configurationAdmins}) {
                if (tracker != null) {
                    tracker.close();
                }
            }
        }
    }

    @Test
    void theRulesSurviveEverySwap() throws Exception {
        GuardRuleBook book = books.getService();
        book.setMode(GuardMode.ALLOW_LIST);
        book.allow(AddressPrefix.parse(GOOD));
        book.deny(AddressPrefix.parse("198.51.100.64/26"));
        book.setPorts(Set.of(NODE_PORT));
        awaitActive("userspace");
        assertUserspaceEnforces(guard("userspace"), false);

        startXdpGuard();
        awaitActive("xdp");
        assertThat(attachment()).as("the XDP guard is on the test's node end").isPresent();
        assertXdpEnforces(false);

        // No eBPF rights (as on a machine without them): the user-space guard takes over, with the same rules.
        mask("bpf.rights");
        awaitActive("userspace");
        try (Lease<Guard> guard = selectors.getService().lease(Guard.class)) {
            assertThat(guard.name()).isEqualTo("userspace");
            assertUserspaceEnforces(guard.provider(), false);
        }
        // A rule changed while user space guards is the XDP guard's too once it is back.
        book.allow(AddressPrefix.parse(UNKNOWN));
        try (Lease<Guard> guard = selectors.getService().lease(Guard.class)) {
            assertUserspaceEnforces(guard.provider(), true);
        }

        mask("");
        awaitActive("xdp");
        assertXdpEnforces(true);

        // bundle:stop / bundle:start
        xdpBundle.stop();
        awaitActive("userspace");
        assertThat(attachment()).as("a stopped XDP guard leaves nothing attached").isEmpty();
        xdpBundle.start();
        awaitActive("xdp");
        assertXdpEnforces(true);

        // feature:uninstall / feature:install
        xdpBundle.uninstall();
        awaitActive("userspace");
        assertThat(attachment()).as("an uninstalled XDP guard leaves nothing attached").isEmpty();
        installXdpBundle();
        awaitActive("xdp");
        assertXdpEnforces(true);
    }

    /** Configures the XDP guard onto the node end, then installs and starts its bundle. */
    private static void startXdpGuard() throws Exception {
        Configuration configuration = configurationAdmins.getService().getConfiguration(XDP_PID, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("namespace", veth.nodeNamespace().orElseThrow());
        properties.put("interfaces", veth.node());
        properties.put("mode", "auto");
        configuration.update(properties);
        installXdpBundle();
    }

    private static void installXdpBundle() throws Exception {
        String location = System.getProperty("pangea.itest.guard.xdp");
        assertThat(location).as("the XDP guard bundle (itest.bndrun: pangea.itest.guard.xdp)").isNotBlank();
        assertThat(new File(location)).as("the XDP guard bundle").isFile();
        xdpBundle = context.installBundle(new File(location).toURI().toString());
        xdpBundle.start();
    }

    /**
     * Datagrams from a denied, an allowed and an unlisted source to the node's port, and from the denied one to
     * another port: the XDP guard's counters show each verdict. {@code unknownAllowed}: the unlisted source has
     * been allowed since.
     */
    private static void assertXdpEnforces(boolean unknownAllowed) throws Exception {
        Guard xdp = guard("xdp");
        GuardCounters before = xdp.counters();
        send(BAD, NODE_PORT);
        send(GOOD, NODE_PORT);
        send(UNKNOWN, NODE_PORT);
        send(BAD, OTHER_PORT);
        GuardCounters expected = new GuardCounters(before.passed() + (unknownAllowed ? 2 : 1) * BURST,
                before.droppedDenied() + BURST, before.droppedUnknown() + (unknownAllowed ? 0 : BURST),
                before.droppedRate());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        GuardCounters counters = xdp.counters();
        while (!counters.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            counters = xdp.counters();
        }
        assertThat(counters).as("the XDP guard's counters: the other port untouched, each source judged by %s",
                        books.getService().rules())
                .isEqualTo(expected);
    }

    private static void assertUserspaceEnforces(Guard guard, boolean unknownAllowed) {
        assertThat(guard.admits(new InetSocketAddress(BAD, 40000), NODE_PORT)).as("denied").isFalse();
        assertThat(guard.admits(new InetSocketAddress(GOOD, 40000), NODE_PORT)).as("allowed").isTrue();
        assertThat(guard.admits(new InetSocketAddress(UNKNOWN, 40000), NODE_PORT)).as("unlisted, allow-list mode")
                .isEqualTo(unknownAllowed);
        assertThat(guard.admits(new InetSocketAddress(BAD, 40000), OTHER_PORT)).as("not the node's port").isTrue();
    }

    /** {@link #BURST} UDP datagrams from {@code source} in the peer namespace to the node. */
    private static void send(String source, int port) throws Exception {
        NetworkNamespace.run(veth.namespace(), () -> {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
                InetAddress node = InetAddress.getByName(NODE);
                for (int i = 0; i < BURST; i++) {
                    socket.send(new DatagramPacket(new byte[16], 16, node, port));
                }
            }
            return null;
        });
    }

    /** The guard service of {@code provider}, whether active or not. */
    private static Guard guard(String provider) throws Exception {
        List<ServiceReference<Guard>> references = List.copyOf(context.getServiceReferences(Guard.class,
                "(pangea.provider=" + provider + ")"));
        assertThat(references).as("the " + provider + " guard").hasSize(1);
        return context.getService(references.get(0));
    }

    private static Optional<XdpAttachment> attachment() throws Exception {
        int ifindex = veth.nodeIndex();
        return NetworkNamespace.run(veth.nodeNamespace().orElseThrow(), () -> Bpf.xdpAttachment(ifindex));
    }

    private static void mask(String facts) throws Exception {
        Configuration configuration = configurationAdmins.getService().getConfiguration("io.pangea.probe", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("mask", facts);
        configuration.update(properties);
    }

    private static void awaitActive(String provider) throws InterruptedException {
        ProviderSelector selector = selectors.getService();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!selector.active(Capability.GUARD).map(ProviderStatus::provider).orElse("").equals(provider)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + provider + " to be the active guard; the selector "
                        + "says " + selector.providers(Capability.GUARD));
            }
            Thread.sleep(20);
        }
    }

    private static <T> ServiceTracker<T, T> open(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        if (tracker.waitForService(PATIENCE.toMillis()) == null) {
            throw new AssertionError(type.getSimpleName() + " did not appear within " + PATIENCE);
        }
        return tracker;
    }
}
