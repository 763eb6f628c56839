package io.pangea.itest;

import io.pangea.api.ProviderProperties;
import io.pangea.api.guard.AddressPrefix;
import io.pangea.api.guard.Guard;
import io.pangea.api.guard.GuardRuleBook;
import io.pangea.api.transport.PeerConnection;
import io.pangea.api.transport.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's transports feed the guard: the ports they listen on join the configured ones in the rule book (what
 * guard:list shows) and in every guard, and leave with them; the configured ports stay, and only they are stored.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class GuardPortsTest {
    private static final String PEER = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    GuardRuleBook book;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    /** A transport that only says where it listens. */
    record FakeTransport(List<String> listenAddresses) implements Transport {
        @Override
        public CompletionStage<PeerConnection> dial(String multiaddr) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("a fake"));
        }

        @Override
        public boolean supports(String multiaddr) {
            return false;
        }

        @Override
        public List<PeerConnection> connections() {
            return List.of();
        }
    }

    @AfterEach
    void restore() {
        registrations.forEach(ServiceRegistration::unregister);
        book.setPorts(Set.of());
        book.remove(AddressPrefix.parse("192.0.2.66"));
    }

    private ServiceRegistration<Transport> register(String provider, String... addresses) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ProviderProperties.CAPABILITY, "transport");
        properties.put(ProviderProperties.PROVIDER, provider);
        ServiceRegistration<Transport> registration = context.registerService(Transport.class,
                new FakeTransport(List.of(addresses)), properties);
        registrations.add(registration);
        return registration;
    }

    /** The user-space guard itself, active or not: it holds the rules whichever guard is active. */
    private Guard userspaceGuard() throws Exception {
        Collection<ServiceReference<Guard>> references = context.getServiceReferences(Guard.class,
                "(" + ProviderProperties.PROVIDER + "=userspace)");
        assertThat(references).as("the user-space guard is registered").hasSize(1);
        return context.getService(references.iterator().next());
    }

    private static InetSocketAddress from(String address) {
        return new InetSocketAddress(address, 40000);
    }

    @Test
    void transportPortsJoinTheConfiguredOnesAndLeaveWithTheirTransport() throws Exception {
        book.setPorts(Set.of(41000));
        book.deny(AddressPrefix.parse("192.0.2.66"));
        ServiceRegistration<Transport> tcp = register("fake-tcp", "/ip4/127.0.0.1/tcp/41001/p2p/" + PEER,
                "/ip6/::1/tcp/41001/p2p/" + PEER);
        ServiceRegistration<Transport> quic = register("fake-quic", "/ip4/127.0.0.1/udp/41002/quic-v1/p2p/" + PEER,
                "/ip4/203.0.113.9/tcp/4001/p2p/" + PEER + "/p2p-circuit/p2p/" + PEER);

        assertThat(book.rules().ports()).containsExactlyInAnyOrder(41000, 41001, 41002);
        Guard guard = userspaceGuard();
        assertThat(guard.admits(from("192.0.2.66"), 41001)).as("a transport's port is guarded").isFalse();
        assertThat(guard.admits(from("192.0.2.66"), 41002)).isFalse();
        assertThat(guard.admits(from("192.0.2.66"), 4001)).as("a relay's port is not ours").isTrue();

        tcp.unregister();
        registrations.remove(tcp);
        assertThat(book.rules().ports()).containsExactlyInAnyOrder(41000, 41002);
        assertThat(guard.admits(from("192.0.2.66"), 41001)).as("its transport is gone").isTrue();

        quic.unregister();
        registrations.remove(quic);
        assertThat(book.rules().ports()).as("the configured port stays").containsExactly(41000);
        assertThat(guard.admits(from("192.0.2.66"), 41000)).isFalse();

        Configuration stored = configurationAdmin.getConfiguration("io.pangea.guard.rules", "?");
        assertThat(stored.getProperties().get("ports")).as("only the configured ports are stored")
                .isEqualTo("41000");
    }

    @Test
    void aPortBothConfiguredAndAnnouncedStaysWhenTheTransportLeaves() {
        book.setPorts(Set.of(41001));
        ServiceRegistration<Transport> tcp = register("fake-tcp", "/ip4/0.0.0.0/tcp/41001");
        assertThat(book.rules().ports()).containsExactly(41001);
        tcp.unregister();
        registrations.remove(tcp);
        assertThat(book.rules().ports()).containsExactly(41001);
    }
}
